package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;
import dev.shoal.membership.internal.WriteResult.Outcome;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link StateStore} on Hazelcast IMaps: one map per kind ({@code shoal.<plural>}, key
 * {@link ObjectKey#storageKey()}, value {@link StoredObject}), and {@code shoal.meta} holding the
 * cluster-wide resourceVersion counter.
 *
 * <p>A write takes the next resourceVersion from the counter (an entry processor on its owner),
 * then runs a {@link WriteProcessor} on the object's owner that checks the preconditions and
 * stores the object with that resourceVersion. Two writers of one object may take their
 * resourceVersions in one order and land in the other; the later-landing one is refused and takes
 * a new resourceVersion, so the versions of one object only grow.
 *
 * <p>Known gap, accepted for now: because a resourceVersion is taken before the write lands,
 * for the few milliseconds a write is in flight a higher resourceVersion of another object may
 * already be visible. A client that lists (or resumes a watch) inside that window, at a
 * resourceVersion above the in-flight one, does not see that write until the object changes
 * again. Closing it needs the version and the write in one partition, i.e. one partition for
 * the whole store.
 */
public final class HazelcastStateStore implements StateStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HazelcastStateStore.class.getName());

    static final String META_MAP = "shoal.meta";
    static final String COUNTER_KEY = "resourceVersion";
    /** The resourceVersion of the newest snapshot restored into this cluster (see SnapshotRestorer). */
    static final String RESTORED_KEY = "restored";

    /**
     * Retries when another writer of the same object took a newer resourceVersion and landed
     * first. Each retry means someone else succeeded, so a handful is plenty; running out means
     * the object is written in a tight loop by many writers, and a 409 tells the caller to back off.
     */
    static final int MAX_RESOURCE_VERSION_RACES = 10;

    /**
     * A write whose replicas did not all confirm it in time (Hazelcast's backup timeout, 5 s) is
     * sent again this many times in all before its outcome is reported unknown (504). The retry
     * is the same write, recognised as such on the owner, which copies the stored value to the
     * backups again: on a healthy but slow cluster the second attempt confirms it; across a
     * partition the attempts fail until the failure detector has decided who is in the majority.
     */
    static final int MAX_UNCONFIRMED_ATTEMPTS = 3;
    /**
     * Attempts of {@link #update} on conflict. Every lost attempt means another writer of the
     * same object succeeded, so the system as a whole progresses; the bound only stops a
     * livelock. It is higher than client-go's 5 because update() is also the server-side patch
     * path, which Kubernetes retries without bound (GuaranteedUpdate): two controllers updating
     * one object in tight loops lose ~half their attempts, and 32 in a row lost is ~1e-5 likely.
     */
    static final int MAX_UPDATE_ATTEMPTS = 32;
    /**
     * Cap of the random pause before an update retry (full jitter, doubling from 1 ms): spreads
     * out writers that collided, and stays far below a client's request timeout.
     */
    static final long UPDATE_BACKOFF_CAP_MILLIS = 50;
    /** Watch delivery threads: consumers must not block, so two keep up and do not crowd the 2-core nodes. */
    static final int WATCH_THREADS = 2;

    static final String CONFLICT_MESSAGE =
            "the object has been modified; please apply your changes to the latest version and try again";

    private final HazelcastInstance hazelcast;
    private final Clock clock;
    private final StoreOptions options;
    private final IMap<String, Long> meta;
    private final Map<ResourceType, IMap<String, StoredObject>> maps = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, WatchCache> caches = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, UUID> listenerIds = new EnumMap<>(ResourceType.class);
    private final AtomicLong seen = new AtomicLong();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    /**
     * Every live object as this node last heard of it, fed by the same entry events as the watch
     * caches: snapshots are written from here, so a snapshot costs no cluster reads.
     */
    private final Map<ResourceType, java.util.concurrent.ConcurrentHashMap<String, StoredObject>> replica = new EnumMap<>(ResourceType.class);
    private final ExecutorService watchExecutor;

    public HazelcastStateStore(HazelcastInstance hazelcast, Clock clock, StoreOptions options) {
        this.hazelcast = hazelcast;
        this.clock = clock;
        this.options = options;
        this.meta = hazelcast.getMap(META_MAP);
        this.watchExecutor = Executors.newFixedThreadPool(WATCH_THREADS, daemonThreads("shoal-watch-"));
        for (ResourceType type : ResourceType.values()) {
            IMap<String, StoredObject> map = hazelcast.getMap(mapName(type));
            WatchCache cache = new WatchCache(type, options.watchHistory());
            maps.put(type, map);
            caches.put(type, cache);
            replica.put(type, new java.util.concurrent.ConcurrentHashMap<>());
            // Not a local listener: every node hears every change, so any node can serve any watch.
            listenerIds.put(type, map.addEntryListener(new Listener(type, cache), true));
        }
        // What existed before the listeners: newer-wins against events that raced in meanwhile.
        for (ResourceType type : ResourceType.values()) {
            for (var e : maps.get(type).entrySet()) remember(type, e.getKey(), e.getValue());
        }
        // After registering: every change above this value reaches the caches.
        long start = counterValue();
        seen.accumulateAndGet(start, Math::max);
        caches.values().forEach(c -> c.startAt(start));
    }

    static String mapName(ResourceType type) {
        return "shoal." + type.plural();
    }

    // ---- writes ------------------------------------------------------------------------------

    @Override
    public ObjectNode create(ResourceType type, ObjectNode object) {
        ObjectKey key = keyOf(type, object);
        String json = StoredObject.write(object);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String uid = UUID.randomUUID().toString();
        WriteResult r = write(key, rv -> new Write.Create(json, rv, now, uid));
        return answer(key, r);
    }

    @Override
    public ObjectNode replace(ResourceType type, ObjectNode object) {
        ObjectKey key = keyOf(type, object);
        long expected = Meta.resourceVersionNumber(object);
        String json = StoredObject.write(object);
        return answer(key, write(key, rv -> new Write.Replace(json, rv, expected)));
    }

    @Override
    public ObjectNode update(ObjectKey key, UnaryOperator<ObjectNode> change) {
        for (int attempt = 1; ; attempt++) {
            ObjectNode current = get(key).orElseThrow(() -> ApiException.notFound(key));
            ObjectNode changed = change.apply(current.deepCopy());
            if (changed.equals(current)) return current;
            if (!Meta.key(key.type(), changed).equals(key))
                throw ApiException.badRequest("metadata.name/namespace: an update must not move the object",
                        FieldCause.invalid("metadata.name", "may not be changed by an update"));
            Meta.metadata(changed).put("resourceVersion", Meta.resourceVersion(current));
            try {
                return replace(key.type(), changed);
            } catch (ApiException e) {
                if (!"Conflict".equals(e.reason()) || attempt >= MAX_UPDATE_ATTEMPTS) throw e;
            }
            pause(ThreadLocalRandom.current().nextLong(0, Math.min(UPDATE_BACKOFF_CAP_MILLIS, 1L << Math.min(attempt, 20)) + 1));
        }
    }

    @Override
    public ObjectNode delete(ObjectKey key, String expectedResourceVersion) {
        long expected = expectedResourceVersion == null || expectedResourceVersion.isEmpty()
                ? 0 : parseResourceVersion(expectedResourceVersion);
        return answer(key, write(key, rv -> new Write.Delete(rv, expected)));
    }

    /** Takes resourceVersions and runs the write until it is not beaten by a newer version. */
    private WriteResult write(ObjectKey key, LongFunction<Write> request) {
        IMap<String, StoredObject> map = maps.get(key.type());
        for (int attempt = 1; ; attempt++) {
            long rv = nextResourceVersion();
            Write w = request.apply(rv);
            WriteResult r = confirmed(key, map, w);
            if (r.outcome() != Outcome.RESOURCE_VERSION_RACE) {
                if (r.outcome() == Outcome.WRITTEN) observe(rv);
                return r;
            }
            if (attempt >= MAX_RESOURCE_VERSION_RACES) throw ApiException.conflict(key, CONFLICT_MESSAGE);
        }
    }

    private ObjectNode answer(ObjectKey key, WriteResult r) {
        return switch (r.outcome()) {
            case WRITTEN, UNCHANGED -> StoredObject.liveTree(r.json());
            case ALREADY_EXISTS -> throw ApiException.alreadyExists(key);
            case NOT_FOUND -> throw ApiException.notFound(key);
            case CONFLICT, RESOURCE_VERSION_RACE -> throw ApiException.conflict(key, CONFLICT_MESSAGE);
        };
    }

    /**
     * Runs one write until all its replicas confirm it. Acknowledging a write only its owner holds
     * (Hazelcast's default when backups time out) is how acknowledged writes were lost: the owner
     * was cut off by a partition, and the majority promoted a backup without it (tests-chaos,
     * issue 7). Once an attempt may have been applied, every later failure is an unknown outcome
     * (504), never a refusal: the first attempt's value may still surface when the partition heals.
     */
    private WriteResult confirmed(ObjectKey key, IMap<String, StoredObject> map, Write w) {
        for (int attempt = 1; ; attempt++) {
            WriteResult r;
            try {
                r = map.executeOnKey(key.storageKey(), new WriteProcessor(w, options.tombstoneTtl()));
            } catch (com.hazelcast.core.IndeterminateOperationStateException | com.hazelcast.core.OperationTimeoutException e) {
                if (attempt >= MAX_UNCONFIRMED_ATTEMPTS) throw unknownOutcome(key, e.getMessage());
                LOG.fine("write of " + key + " not confirmed by its replicas, sending it again");
                continue;
            } catch (RuntimeException e) {
                if (attempt == 1) return cluster(() -> { throw e; });
                throw unknownOutcome(key, e.getMessage());
            }
            boolean landed = r.outcome() == Outcome.WRITTEN || r.outcome() == Outcome.UNCHANGED;
            if (attempt > 1 && !landed) throw unknownOutcome(key, "the retry was answered " + r.outcome());
            return r;
        }
    }

    private static ApiException unknownOutcome(ObjectKey key, String detail) {
        return new ApiException(504, "Timeout", "the write of " + key + " may or may not have been applied (its replicas"
                + " did not confirm it in time: a member is unreachable); read the object back before retrying: " + detail,
                List.of(), null);
    }

    long nextResourceVersion() {
        for (int attempt = 1; ; attempt++) {
            try {
                return meta.executeOnKey(COUNTER_KEY, new CounterProcessors.Next());
            } catch (com.hazelcast.core.IndeterminateOperationStateException | com.hazelcast.core.OperationTimeoutException e) {
                // Nothing was written yet: an unconfirmed increment only leaves a gap in resourceVersions.
                if (attempt >= MAX_UNCONFIRMED_ATTEMPTS)
                    throw ApiException.unavailable("could not obtain a resourceVersion: the counter's replicas did not confirm it in time; nothing was written");
            } catch (RuntimeException e) {
                return cluster(() -> { throw e; });
            }
        }
    }

    // ---- reads -------------------------------------------------------------------------------

    @Override
    public Optional<ObjectNode> get(ObjectKey key) {
        StoredObject v = cluster(() -> maps.get(key.type()).get(key.storageKey()));
        return v == null || v.tombstone() ? Optional.empty() : Optional.of(v.object());
    }

    @Override
    public ListResult list(ResourceType type, String namespace, Predicate<ObjectNode> filter) {
        // Read before the scan: whatever landed with a resourceVersion up to this value is in the
        // scan (apart from writes in flight, see the class comment), and a watch from it
        // replays the rest.
        long rv = counterValue();
        List<ObjectNode> items = new ArrayList<>();
        for (StoredObject v : cluster(() -> maps.get(type).values())) {
            if (v.tombstone()) continue;
            ObjectNode o = v.object();
            if (!namespace.isEmpty() && !namespace.equals(Meta.namespace(o))) continue;
            if (filter.test(o)) items.add(o);
        }
        items.sort(Comparator.comparing(Meta::namespace).thenComparing(Meta::name)); // stable output, as Kubernetes lists
        return new ListResult(items, rv);
    }

    @Override
    public Watch watch(ResourceType type, String namespace, long fromResourceVersion, Consumer<WatchEvent> consumer) {
        return watch(type, namespace, fromResourceVersion, consumer,
                e -> LOG.log(Level.WARNING, "watch of " + type.plural() + " closed: " + e.getMessage()));
    }

    @Override
    public Watch watch(ResourceType type, String namespace, long fromResourceVersion,
                       Consumer<WatchEvent> consumer, Consumer<ApiException> onError) {
        return caches.get(type).subscribe(namespace, fromResourceVersion, consumer, onError,
                watchExecutor, options.maxWatchBacklog());
    }

    @Override
    public long currentResourceVersion() {
        return seen.get();
    }

    /** The cluster-wide counter: the last resourceVersion handed out (0 for a new cluster). */
    /** {@code shoal.meta}: the counter, the restore marker and cold-start offers. */
    com.hazelcast.map.IMap<String, Long> metaMap() {
        return meta;
    }

    long counterValue() {
        Long v = cluster(() -> meta.get(COUNTER_KEY));
        return v == null ? 0 : v;
    }

    // ---- for snapshots -----------------------------------------------------------------------

    /** Runs after every change this node hears of, on a Hazelcast event thread: must not block. */
    void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    /**
     * Every live object of every kind, and a resourceVersion at least as high as any of theirs,
     * from this node's replica. Events are left out: they are observations, not desired state,
     * and a cold start begins without them (as Kubernetes' events expire after an hour anyway).
     */
    Snapshot export() {
        long rv = seen.get();
        Map<ResourceType, List<ObjectNode>> objects = new EnumMap<>(ResourceType.class);
        for (ResourceType type : ResourceType.values()) {
            List<ObjectNode> live = new ArrayList<>();
            if (type != ResourceType.EVENT) {
                for (StoredObject v : replica.get(type).values()) {
                    live.add(v.object());
                    rv = Math.max(rv, v.resourceVersion());
                }
            }
            live.sort(Comparator.comparing(Meta::namespace).thenComparing(Meta::name));
            objects.put(type, live);
        }
        return new Snapshot(rv, objects);
    }

    /**
     * The same, read from the cluster itself: exact at the moment of the call, where the replica
     * may lag by the events still in flight. Used for the last snapshot before leaving.
     */
    Snapshot exportFromCluster() {
        long rv = counterValue();
        Map<ResourceType, List<ObjectNode>> objects = new EnumMap<>(ResourceType.class);
        for (ResourceType type : ResourceType.values()) {
            List<ObjectNode> live = new ArrayList<>();
            if (type != ResourceType.EVENT) {
                for (StoredObject v : maps.get(type).values()) {
                    if (v.tombstone()) continue;
                    live.add(v.object());
                    rv = Math.max(rv, v.resourceVersion());
                }
            }
            live.sort(Comparator.comparing(Meta::namespace).thenComparing(Meta::name));
            objects.put(type, live);
        }
        return new Snapshot(rv, objects);
    }

    /** Keeps the newest version of a key in the replica; a tombstone removes it. */
    private void remember(ResourceType type, String key, StoredObject value) {
        var map = replica.get(type);
        if (value.tombstone()) {
            map.computeIfPresent(key, (k, old) -> old.resourceVersion() <= value.resourceVersion() ? null : old);
        } else {
            map.merge(key, value, (old, now) -> now.resourceVersion() >= old.resourceVersion() ? now : old);
        }
    }

    boolean hasState() {
        return meta.containsKey(COUNTER_KEY);
    }

    /** Claims the restore of a snapshot at this resourceVersion; false if one as new was restored. */
    boolean claimRestore(long resourceVersion) {
        try {
            return meta.executeOnKey(RESTORED_KEY, new CounterProcessors.RaiseTo(resourceVersion));
        } catch (com.hazelcast.core.IndeterminateOperationStateException | com.hazelcast.core.OperationTimeoutException e) {
            // Our claim may have landed, so a re-sent claim could answer "someone else has it" and
            // nobody would restore: claim it again unconditionally instead. A twin offering the same
            // snapshot may then restore it too, which is harmless (a restore keeps newer versions).
            Unconfirmed.retry(() -> meta.executeOnKey(RESTORED_KEY, new CounterProcessors.RaiseTo(resourceVersion)));
            return true;
        }
    }

    void raiseCounter(long resourceVersion) {
        Unconfirmed.retry(() -> meta.executeOnKey(COUNTER_KEY, new CounterProcessors.RaiseTo(resourceVersion)));
    }

    /** Puts one snapshot object unless the cluster has that key at the same or a newer version. */
    boolean restore(ResourceType type, ObjectNode object) {
        long rv = Meta.resourceVersionNumber(object);
        ObjectKey key = keyOf(type, object);
        return Unconfirmed.retry(() -> maps.get(type).executeOnKey(key.storageKey(), new RestoreProcessor(StoredObject.live(object, rv))));
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private void observe(long rv) {
        seen.accumulateAndGet(rv, Math::max);
    }

    private static ObjectKey keyOf(ResourceType type, ObjectNode object) {
        if (Meta.name(object).isEmpty())
            throw ApiException.badRequest("metadata.name: Required value", FieldCause.required("metadata.name"));
        return Meta.key(type, object);
    }

    /**
     * Hazelcast failures (this member shutting down, a partition owner not answering in time)
     * become 503: the state is fine, this node cannot reach it now, and a client retries
     * elsewhere. Entry processors never throw for business outcomes, so nothing else is caught.
     */
    private static <T> T cluster(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (com.hazelcast.splitbrainprotection.SplitBrainProtectionException e) {
            throw ApiException.unavailable("this node cannot see a majority of the cluster, so it refuses writes "
                    + "until the partition heals (reads still work here; writes work on the majority side)");
        } catch (com.hazelcast.core.IndeterminateOperationStateException | com.hazelcast.core.OperationTimeoutException e) {
            // Sent, maybe applied on the partition owner, but not acknowledged by its backups in
            // time: the outcome is unknown, and saying "unavailable" would claim it failed.
            throw new ApiException(504, "Timeout", "the write may or may not have been applied (its replicas did not"
                    + " confirm it in time: a member is unreachable); read the object back before retrying: " + e.getMessage(),
                    List.of(), null);
        } catch (com.hazelcast.core.HazelcastException | com.hazelcast.core.HazelcastInstanceNotActiveException e) {
            throw ApiException.unavailable("the cluster state store is unavailable on this node: " + e.getMessage());
        }
    }

    private static long parseResourceVersion(String rv) {
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("preconditions.resourceVersion: not a resourceVersion issued by this cluster: " + rv,
                    FieldCause.invalid("preconditions.resourceVersion", "not a resourceVersion issued by this cluster: " + rv));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while retrying a conflicting update");
        }
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        listenerIds.forEach((type, id) -> {
            try {
                maps.get(type).removeEntryListener(id);
            } catch (RuntimeException e) {
                // the instance is already shutting down: its listeners go with it
            }
        });
        watchExecutor.shutdown();
        try {
            watchExecutor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Turns map events into watch events; runs on Hazelcast event threads, must not block. */
    private final class Listener implements EntryAddedListener<String, StoredObject>,
            EntryUpdatedListener<String, StoredObject>, EntryMergedListener<String, StoredObject> {
        private final ResourceType kind;
        private final WatchCache cache;

        Listener(ResourceType kind, WatchCache cache) {
            this.kind = kind;
            this.cache = cache;
        }

        @Override public void entryAdded(EntryEvent<String, StoredObject> event) { handle(event); }
        @Override public void entryUpdated(EntryEvent<String, StoredObject> event) { handle(event); }
        @Override public void entryMerged(EntryEvent<String, StoredObject> event) { handle(event); }

        private void handle(EntryEvent<String, StoredObject> event) {
            StoredObject now = event.getValue();
            StoredObject before = event.getOldValue();
            if (now == null) return;
            remember(kind, event.getKey(), now);
            WatchEvent.Type type;
            if (now.tombstone()) {
                if (before == null || before.tombstone()) return; // nothing a watcher saw was deleted
                type = WatchEvent.Type.DELETED;
            } else {
                type = before == null || before.tombstone() ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
            }
            observe(now.resourceVersion());
            cache.append(new WatchEvent(type, now.object(), now.resourceVersion()));
            for (Runnable r : changeListeners) r.run();
        }
    }
}
