package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.shoal.api.ResourceType.DEPLOYMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's contract, on three members in this JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateStoreClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T09:00:00.750Z"), ZoneOffset.UTC);
    /** Small history, so that a 410 needs only a few writes. */
    private static final StoreOptions OPTIONS = new StoreOptions(5, Duration.ofMinutes(10), 50);

    @TempDir Path dir;
    private TestCluster cluster;
    private StateStore a;
    private StateStore b;
    /** Set by a test that kills a member: the next test gets a fresh cluster. */
    private boolean damaged;

    /**
     * One three-member cluster serves every test (starting one costs seconds); between tests
     * every map is emptied, so each test starts from an empty store.
     */
    @BeforeEach
    void start() {
        if (cluster == null || damaged) {
            if (cluster != null) cluster.close();
            cluster = new TestCluster(dir, OPTIONS, CLOCK).start(3);
            damaged = false;
        }
        a = cluster.get(0).store();
        b = cluster.get(1).store();
    }

    @AfterEach
    void empty() {
        if (damaged) return;
        for (ResourceType t : ResourceType.values()) {
            cluster.get(0).hazelcast().getMap(HazelcastStateStore.mapName(t)).clear();
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) cluster.close();
    }

    private static ObjectKey key(String name) {
        return new ObjectKey(DEPLOYMENT, "default", name);
    }

    @Test
    void createSetsStoreOwnedFieldsAndIsReadableEverywhere() {
        ObjectNode created = a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));

        ObjectNode meta = Meta.metadata(created);
        assertEquals("2026-11-27T09:00:00Z", meta.get("creationTimestamp").asText());
        assertEquals(1, Meta.generation(created));
        assertEquals(36, Meta.uid(created).length());
        assertTrue(Meta.resourceVersionNumber(created) > 0);
        ObjectNode onB = b.get(key("web")).orElseThrow();
        assertEquals(Meta.resourceVersion(created), Meta.resourceVersion(onB));
        assertEquals(created, onB);
        assertTrue(a.currentResourceVersion() >= Meta.resourceVersionNumber(created));
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));
        ApiException e = assertThrows(ApiException.class, () -> b.create(DEPLOYMENT, Objects.deployment("default", "web", 3)));
        assertEquals(409, e.code());
        assertEquals("AlreadyExists", e.reason());
    }

    @Test
    void replaceWithAStaleResourceVersionIsConflict() {
        ObjectNode v1 = a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));
        ObjectNode v2 = v1.deepCopy();
        ((ObjectNode) v2.get("spec")).put("replicas", 3);
        ObjectNode stored2 = b.replace(DEPLOYMENT, v2);
        assertTrue(Meta.resourceVersionNumber(stored2) > Meta.resourceVersionNumber(v1));

        ObjectNode stale = v1.deepCopy();
        ((ObjectNode) stale.get("spec")).put("replicas", 4);
        ApiException e = assertThrows(ApiException.class, () -> a.replace(DEPLOYMENT, stale));
        assertEquals(409, e.code());
        assertEquals("Conflict", e.reason());
        assertTrue(e.getMessage().contains("the object has been modified; please apply your changes to the latest version and try again"), e.getMessage());
    }

    @Test
    void replaceOfAMissingObjectIsNotFound() {
        ApiException e = assertThrows(ApiException.class, () -> a.replace(DEPLOYMENT, Objects.deployment("default", "ghost", 1)));
        assertEquals(404, e.code());
    }

    @Test
    void generationFollowsTheSpecNotMetadataOrStatus() {
        ObjectNode v1 = a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));

        ObjectNode labelled = v1.deepCopy();
        Meta.metadata(labelled).putObject("labels").put("tier", "front");
        ObjectNode v2 = a.replace(DEPLOYMENT, labelled);
        assertEquals(1, Meta.generation(v2));

        ObjectNode withStatus = v2.deepCopy();
        withStatus.putObject("status").put("replicas", 2);
        ObjectNode v3 = a.replace(DEPLOYMENT, withStatus);
        assertEquals(1, Meta.generation(v3));

        ObjectNode scaled = v3.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 5);
        ObjectNode v4 = a.replace(DEPLOYMENT, scaled);
        assertEquals(2, Meta.generation(v4));
        assertEquals(Meta.uid(v1), Meta.uid(v4));
        assertEquals(Meta.metadata(v1).get("creationTimestamp"), Meta.metadata(v4).get("creationTimestamp"));
    }

    @Test
    void identicalReplaceWritesNothing() {
        ObjectNode v1 = a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));
        long before = cluster.get(0).stateStore().counterValue();

        ObjectNode same = Objects.deployment("default", "web", 2); // no rv, no uid: still the same content
        ObjectNode result = b.replace(DEPLOYMENT, same);

        assertEquals(v1, result);
        // the counter moved by the one resourceVersion taken, but the object kept its version
        assertEquals(Meta.resourceVersion(v1), Meta.resourceVersion(a.get(key("web")).orElseThrow()));
        assertTrue(cluster.get(0).stateStore().counterValue() <= before + 1);
    }

    @Test
    void listFiltersByNamespaceAndPredicateAndHidesDeleted() {
        a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));
        a.create(DEPLOYMENT, Objects.deployment("default", "api", 1));
        b.create(DEPLOYMENT, Objects.deployment("other", "web", 1));
        b.delete(key("api"), "");

        StateStore.ListResult all = a.list(DEPLOYMENT, "", o -> true);
        assertEquals(List.of("other/web", "default/web").stream().sorted().toList(),
                all.items().stream().map(o -> Meta.namespace(o) + "/" + Meta.name(o)).sorted().toList());
        assertEquals(1, b.list(DEPLOYMENT, "default", o -> true).items().size());
        assertEquals(1, b.list(DEPLOYMENT, "", o -> o.path("spec").path("replicas").asInt() == 2).items().size());
        assertTrue(all.resourceVersion() >= all.items().stream().mapToLong(Meta::resourceVersionNumber).max().orElseThrow());
        assertTrue(a.get(key("api")).isEmpty());
    }

    @Test
    void deleteIsSeenByWatchersAsDeletedWithAHigherResourceVersion() {
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (StateStore.Watch w = b.watch(DEPLOYMENT, "default", 0, seen::add)) {
            ObjectNode created = a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));
            ObjectNode deleted = a.delete(key("web"), Meta.resourceVersion(created));

            Await.until(WAIT, () -> seen.size() == 2, "ADDED and DELETED reach the watcher");
            assertEquals(WatchEvent.Type.ADDED, seen.get(0).type());
            assertEquals(WatchEvent.Type.DELETED, seen.get(1).type());
            long deleteRv = seen.get(1).resourceVersion();
            assertTrue(deleteRv > Meta.resourceVersionNumber(created));
            assertEquals(Long.toString(deleteRv), Meta.resourceVersion(seen.get(1).object()));
            assertEquals(Meta.resourceVersion(deleted), Meta.resourceVersion(seen.get(1).object()));
            assertTrue(a.get(key("web")).isEmpty());
        }
    }

    @Test
    void deleteWithAStaleResourceVersionIsConflict() {
        ObjectNode v1 = a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));
        a.update(key("web"), o -> { ((ObjectNode) o.get("spec")).put("replicas", 9); return o; });
        ApiException e = assertThrows(ApiException.class, () -> b.delete(key("web"), Meta.resourceVersion(v1)));
        assertEquals(409, e.code());
        assertEquals(404, assertThrows(ApiException.class, () -> b.delete(key("nope"), "")).code());
    }

    @Test
    void recreateAfterDeleteIsAddedAndTheNewObjectDoesNotExpire() {
        a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));
        long beforeDelete = System.currentTimeMillis();
        a.delete(key("web"), "");
        long tombstoneExpiry = cluster.get(0).hazelcast().<String, StoredObject>getMap("shoal.deployments")
                .getEntryView("default/web").getExpirationTime();
        long slack = 1000; // Hazelcast keeps expiry times in whole seconds
        assertTrue(tombstoneExpiry >= beforeDelete + OPTIONS.tombstoneTtl().toMillis() - slack
                && tombstoneExpiry <= System.currentTimeMillis() + OPTIONS.tombstoneTtl().toMillis() + slack,
                "a tombstone expires after the tombstone TTL: " + tombstoneExpiry);
        ObjectNode again = b.create(DEPLOYMENT, Objects.deployment("default", "web", 3));
        assertEquals(3, a.get(key("web")).orElseThrow().path("spec").path("replicas").asInt());
        assertEquals(1, Meta.generation(again));
        long expiry = cluster.get(0).hazelcast().<String, StoredObject>getMap("shoal.deployments")
                .getEntryView("default/web").getExpirationTime();
        assertEquals(Long.MAX_VALUE, expiry, "a live object must not inherit its tombstone's TTL");
    }

    @Test
    void watchResumesFromAResourceVersionAndReplaysWhatFollowed() {
        ObjectNode v1 = a.create(DEPLOYMENT, Objects.deployment("default", "web", 1));
        long from = Meta.resourceVersionNumber(v1);
        a.update(key("web"), o -> { ((ObjectNode) o.get("spec")).put("replicas", 2); return o; });
        a.create(DEPLOYMENT, Objects.deployment("default", "api", 1));
        Await.until(WAIT, () -> b.currentResourceVersion() >= a.currentResourceVersion(), "B has heard of every write");

        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (StateStore.Watch w = b.watch(DEPLOYMENT, "", from, seen::add)) {
            Await.until(WAIT, () -> seen.size() == 2, "the two later changes are replayed");
            assertEquals(WatchEvent.Type.MODIFIED, seen.get(0).type());
            assertTrue(seen.stream().allMatch(e -> e.resourceVersion() > from));
            b.delete(key("api"), "");
            Await.until(WAIT, () -> seen.size() == 3, "then live events follow");
            assertEquals(WatchEvent.Type.DELETED, seen.get(2).type());
        }
    }

    @Test
    void watchFromAResourceVersionOlderThanTheHistoryIsGone() {
        ObjectNode first = a.create(DEPLOYMENT, Objects.deployment("default", "d0", 1));
        for (int i = 1; i <= OPTIONS.watchHistory() + 2; i++) a.create(DEPLOYMENT, Objects.deployment("default", "d" + i, 1));
        Await.until(WAIT, () -> b.currentResourceVersion() >= a.currentResourceVersion(), "B has heard of every write");

        ApiException e = assertThrows(ApiException.class,
                () -> b.watch(DEPLOYMENT, "", Meta.resourceVersionNumber(first), ev -> {}));
        assertEquals(410, e.code());
        assertEquals("Expired", e.reason());
        assertTrue(e.getMessage().startsWith("too old resource version: " + Meta.resourceVersion(first) + " ("), e.getMessage());
    }

    @Test
    void aWriteSurvivesTheCrashOfTheMemberThatTookIt() {
        ObjectNode created = a.create(DEPLOYMENT, Objects.deployment("default", "web", 2));
        damaged = true;
        cluster.kill(cluster.get(0));
        Await.until(WAIT, () -> cluster.get(1).clusterSize() == 2, "the others see the crash");
        ApiException dead = assertThrows(ApiException.class, () -> a.get(key("web")));
        assertEquals(503, dead.code(), "the killed member answers 503, so clients go elsewhere");
        for (int i = 1; i <= 2; i++) {
            ObjectNode read = cluster.get(i).store().get(key("web")).orElseThrow();
            assertEquals(Meta.resourceVersion(created), Meta.resourceVersion(read));
        }
        // and the counter survived too: a new write gets a higher resourceVersion
        ObjectNode next = b.create(DEPLOYMENT, Objects.deployment("default", "api", 1));
        assertTrue(Meta.resourceVersionNumber(next) > Meta.resourceVersionNumber(created));
    }

    @Test
    void concurrentUpdatesFromTwoMembersLoseNothing() throws Exception {
        a.create(DEPLOYMENT, Objects.deployment("default", "web", 1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = List.of(
                    pool.submit(() -> increment(a, 50)),
                    pool.submit(() -> increment(b, 50)));
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        System.out.println("[measured] 100 contended updates from two members took "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        assertEquals("100", Meta.annotations(a.get(key("web")).orElseThrow()).get("count"));
    }

    private static void increment(StateStore store, int times) {
        for (int i = 0; i < times; i++) {
            store.update(key("web"), o -> {
                int n = Integer.parseInt(Meta.annotations(o).getOrDefault("count", "0"));
                ObjectNode ann = Meta.metadata(o).has("annotations")
                        ? (ObjectNode) Meta.metadata(o).get("annotations") : Meta.metadata(o).putObject("annotations");
                ann.put("count", Integer.toString(n + 1));
                return o;
            });
        }
    }

    @Test
    void updateThatChangesNothingWritesNothing() {
        ObjectNode v1 = a.create(DEPLOYMENT, Objects.deployment("default", "web", 1));
        ObjectNode same = b.update(key("web"), o -> o);
        assertEquals(v1, same);
    }

    @Test
    void kindsWithoutSpecHaveNoGeneration() {
        ObjectNode ev = a.create(ResourceType.EVENT, Objects.event("default", "e1", "pulled"));
        assertEquals(0, Meta.generation(ev));
        assertNotEquals("", Meta.uid(ev));
    }

    @Test
    void aWatchOnlySeesItsNamespace() {
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (StateStore.Watch w = b.watch(DEPLOYMENT, "other", 0, seen::add)) {
            a.create(DEPLOYMENT, Objects.deployment("default", "web", 1));
            a.create(DEPLOYMENT, Objects.deployment("other", "web", 1));
            Await.until(WAIT, () -> seen.size() == 1, "the event of namespace other");
            assertEquals("other", Meta.namespace(seen.get(0).object()));
        }
    }
}
