package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterMember;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;
import dev.shoal.membership.lease.Leases;
import dev.shoal.node.events.EventRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs on every node; does the work of the Deployments this node leads. Level-triggered: event
 * handlers only enqueue a Deployment key ("namespace/name"); a worker then reads fresh state for
 * that key and reconciles it ({@link DeploymentSync}). Watches are an optimisation; a periodic
 * resync of every key is the safety net.
 *
 * <p>Which events enqueue what: a Deployment change enqueues its key on every node (any node may
 * need to take it over); ReplicaSet and Pod changes enqueue their Deployment only on the node that
 * leads it; a member leaving enqueues everything (its leases and pods need new homes), and so
 * does a Node change (capacity for Pending pods).
 */
public final class DeploymentController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeploymentController.class.getName());
    /** Safety net for missed events; also how often non-preferred nodes look for orphaned leases. */
    static final Duration RESYNC = Duration.ofSeconds(10);
    /** Reconcile passes run in parallel for different Deployments; two keep two cores busy without starving the API. */
    static final int WORKERS = 2;
    /** After a failed pass, look again this soon (conflicts and 503s are transient). */
    static final long RETRY_MILLIS = 500;
    /** While a rollout waits on time (minReadySeconds, progress deadline), look again this often. */
    static final long PROGRESS_RECHECK_MILLIS = 1000;

    private final ClusterMember member;
    private final StateStore store;
    private final Leadership leadership;
    private final DeploymentSync sync;
    private final EventRecorder events;
    private final KeyQueue queue = new KeyQueue();
    private final ParallelWrites writes = new ParallelWrites();
    private final List<Thread> workers = new ArrayList<>();
    private final List<StateStore.Watch> watches = new ArrayList<>();
    private final ScheduledExecutorService resync = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-deployment-resync");
        t.setDaemon(true);
        return t;
    });
    /** Simulated node name to its hosting agent, kept from Node events (see {@link LiveNodes}). */
    private final Map<String, String> simulatedHosts = new ConcurrentHashMap<>();
    private final Counter fencedWrites;
    private final Counter passes;

    public DeploymentController(ClusterMember member, StateStore store, PodPlacer placer, MeterRegistry registry, Clock clock) {
        this.member = member;
        this.store = store;
        this.leadership = new Leadership(new Leases(member.hazelcast(), member.localNodeName()),
                member.localNodeName(), this::liveNodes, System::nanoTime);
        this.events = new EventRecorder(store, "deployment-controller", member.localNodeName(), clock);
        this.sync = new DeploymentSync(store, new FencedWriter(store, member.localNodeName()), placer, clock, writes, events);
        this.fencedWrites = Counter.builder("shoal.controller.fenced.writes")
                .description("controller writes refused because a newer leader exists").register(registry);
        this.passes = Counter.builder("shoal.controller.reconciles")
                .description("Deployment reconcile passes run by this node as leader").register(registry);
        registry.gauge("shoal.controller.led.deployments", leadership, l -> l.ledKeys().size());
        io.micrometer.core.instrument.FunctionCounter.builder("shoal.controller.stepdowns", leadership, Leadership::stepDowns)
                .description("times this node stopped leading a Deployment because another node took over").register(registry);
    }

    public void start() {
        watches.add(store.watch(ResourceType.DEPLOYMENT, "", 0, this::onDeployment));
        watches.add(store.watch(ResourceType.REPLICASET, "", 0, e -> onOwned(e.object())));
        watches.add(store.watch(ResourceType.POD, "", 0, e -> onOwned(e.object())));
        watches.add(store.watch(ResourceType.NODE, "", 0, this::onNode));
        refreshSimulatedHosts();
        member.addMembershipListener(new ClusterMember.MembershipListener() {
            @Override public void memberJoined(ClusterMember.MemberInfo m) { enqueueAllSoon(); }
            @Override public void memberLeft(ClusterMember.MemberInfo m) { enqueueAllSoon(); }
        });
        for (int i = 0; i < WORKERS; i++) {
            Thread t = new Thread(this::work, "shoal-deployment-worker-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        resync.scheduleWithFixedDelay(() -> {
            refreshSimulatedHosts();
            enqueueAll();
        }, 0, RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- event handlers: enqueue keys only (called on store threads; must not block) -------------

    private void onDeployment(WatchEvent e) {
        queue.add(Meta.namespace(e.object()) + "/" + Meta.name(e.object()));
    }

    private void onNode(WatchEvent e) {
        String host = LiveNodes.hostOf(e.object());
        if (host != null && e.type() != WatchEvent.Type.DELETED) simulatedHosts.put(Meta.name(e.object()), host);
        else simulatedHosts.remove(Meta.name(e.object()));
        enqueueAll();
    }

    /** A ReplicaSet or Pod changed: its Deployment needs a look, if this node leads it. */
    private void onOwned(ObjectNode obj) {
        String deployment = deploymentOf(obj);
        if (deployment != null && leadership.leads(deployment)) queue.add(deployment);
    }

    /** The Deployment key of a ReplicaSet (its owner) or a Pod (its ReplicaSet's owner, by name). */
    static String deploymentOf(ObjectNode obj) {
        for (var ref : obj.path("metadata").path("ownerReferences")) {
            if (!ref.path("controller").asBoolean(false)) continue;
            String kind = ref.path("kind").asText();
            String name = ref.path("name").asText();
            if (kind.equals("Deployment")) return Meta.namespace(obj) + "/" + name;
            if (kind.equals("ReplicaSet")) {
                // ReplicaSets of a Deployment are named DEPLOYMENT-HASH.
                int dash = name.lastIndexOf('-');
                return dash > 0 ? Meta.namespace(obj) + "/" + name.substring(0, dash) : null;
            }
        }
        return null;
    }

    private void enqueueAll() {
        try {
            for (ObjectNode d : store.list(ResourceType.DEPLOYMENT, "", o -> true).items()) {
                queue.add(Meta.namespace(d) + "/" + Meta.name(d));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "resync list failed; the next resync retries", e);
        }
    }

    /** Membership changes move partitions (and so preferred leaders); look now and again once they settle. */
    private void enqueueAllSoon() {
        resync.execute(this::enqueueAll);
        resync.schedule(this::enqueueAll, 1, TimeUnit.SECONDS);
    }

    // ---- the worker: never reconciles the same key concurrently (KeyQueue's guarantee) ----------

    private void work() {
        while (true) {
            String key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) return;
            try {
                reconcile(key);
            } catch (Fenced f) {
                fencedWrites.increment();
                leadership.fenced("deployments/" + key, f.newerEpoch);
                LOG.warning("deployment " + key + ": " + f.getMessage() + "; stepping down");
                queue.addAfter(key, RETRY_MILLIS);  // leads again only under a higher epoch, if its lease allows
            } catch (ApiException | com.hazelcast.core.HazelcastException e) {
                // Transient: a conflict, a member leaving, or no majority on this side of a partition.
                LOG.log(Level.FINE, "deployment " + key + ": " + e.getMessage() + "; retrying", e);
                queue.addAfter(key, RETRY_MILLIS);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "deployment " + key + ": reconcile failed; retrying", e);
                queue.addAfter(key, RETRY_MILLIS);
            } finally {
                queue.done(key);
            }
        }
    }

    private void reconcile(String key) {
        int slash = key.indexOf('/');
        ObjectKey dKey = new ObjectKey(ResourceType.DEPLOYMENT, key.substring(0, slash), key.substring(slash + 1));
        ObjectNode deployment = store.get(dKey).orElse(null);
        String leaseKey = "deployments/" + key;
        if (deployment == null || Meta.isDeleting(deployment)) {
            leadership.release(leaseKey);
            return;
        }
        OptionalLong epoch = leadership.lead(leaseKey);
        if (epoch.isEmpty()) return;
        // Trust the lease only while our own clock says it cannot have passed to anyone else.
        if (leadership.trusted(leaseKey).isEmpty()) return;
        passes.increment();
        DeploymentSync.Result r = sync.sync(deployment, epoch.getAsLong(), liveNodes());
        if (r.changed()) queue.addAfter(key, PROGRESS_RECHECK_MILLIS);
    }

    /** Members, and the simulated nodes they host. */
    Set<String> liveNodes() {
        Set<String> members = new HashSet<>();
        for (ClusterMember.MemberInfo m : member.members()) members.add(m.nodeName());
        return LiveNodes.of(members, simulatedHosts);
    }

    /** The watch starts from now: read the simulated nodes that already exist (and again at each resync, the safety net). */
    private void refreshSimulatedHosts() {
        try {
            Map<String, String> fresh = LiveNodes.hosts(store.list(ResourceType.NODE, "", LiveNodes::isSimulated).items());
            simulatedHosts.putAll(fresh);
            simulatedHosts.keySet().retainAll(fresh.keySet());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "node list failed; the next resync retries", e);
        }
    }

    @Override
    public void close() {
        resync.shutdownNow();
        watches.forEach(StateStore.Watch::close);
        queue.close();
        writes.close();
        events.close();
        for (String key : leadership.ledKeys()) {
            try {
                leadership.release(key);  // graceful hand-over: the next leader need not wait for expiry
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "could not release " + key, e);
            }
        }
    }
}
