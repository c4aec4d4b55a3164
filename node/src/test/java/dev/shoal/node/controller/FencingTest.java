package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.lease.Leases;
import dev.shoal.membership.internal.FailureDetection;
import dev.shoal.membership.internal.HazelcastClusterMember;
import dev.shoal.membership.internal.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deposed leader that still believes in its lease can never overwrite the new leader's work.
 * Two real Hazelcast members in this JVM. The old leader is "ghost": a node name no member
 * carries, which is exactly how the cluster sees a leader that was frozen past the failure
 * detector and removed; so the other node may take the lease at once, while the ghost's own
 * clock (frozen, like its process was) still says its lease is good.
 */
class FencingTest {
    private static final String LEASE = "deployments/default/web";
    private static final ObjectKey WEB = new ObjectKey(ResourceType.DEPLOYMENT, "default", "web");

    @TempDir Path dir;
    private HazelcastClusterMember a;
    private HazelcastClusterMember b;

    @BeforeEach
    void start() throws IOException {
        String cluster = "fencing-" + UUID.randomUUID();
        int pa = freePort(), pb = freePort();
        a = HazelcastClusterMember.start(new ClusterSettings("a", "127.0.0.1", pa, List.of(), cluster, dir.resolve("a"), Map.of()),
                FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
        b = HazelcastClusterMember.start(new ClusterSettings("b", "127.0.0.1", pb, List.of("127.0.0.1:" + pa), cluster, dir.resolve("b"), Map.of()),
                FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
        a.store().create(ResourceType.DEPLOYMENT, RolloutFixtures.deployment(2, "v1", "1", "0"));
    }

    @AfterEach
    void stop() {
        if (b != null) b.close();
        if (a != null) a.close();
    }

    @Test
    void aDeposedLeaderIsFencedOffAndStepsDown() {
        AtomicLong frozenClock = new AtomicLong(0);  // the ghost's clock does not move: it was paused
        Leadership ghost = new Leadership(new Leases(a.hazelcast(), "ghost"), "ghost", () -> Set.of("a", "b"), frozenClock::get);
        FencedWriter ghostWriter = new FencedWriter(a.store(), "ghost");
        long oldEpoch = ghost.lead(LEASE).orElseThrow();
        ghostWriter.claim(WEB, oldEpoch);
        ghostWriter.update(WEB, oldEpoch, d -> withAnnotation(d, "written-by", "ghost"));

        Leadership next = new Leadership(new Leases(b.hazelcast(), "b"), "b", () -> Set.of("a", "b"), System::nanoTime);
        long newEpoch = next.lead(LEASE).orElseThrow();
        assertEquals(oldEpoch + 1, newEpoch, "the lease of a node outside the membership is taken at once, with a new epoch");
        new FencedWriter(b.store(), "b").claim(WEB, newEpoch);

        assertTrue(ghost.trusted(LEASE).isPresent(), "the deposed leader still trusts its lease: only fencing can stop it");
        ObjectNode before = b.store().get(WEB).orElseThrow();
        Fenced refused = assertThrows(Fenced.class,
                () -> ghostWriter.update(WEB, oldEpoch, d -> withAnnotation(d, "written-by", "ghost-again")));
        assertEquals(newEpoch, refused.newerEpoch);
        assertThrows(Fenced.class, () -> ghostWriter.delete(WEB, oldEpoch));
        assertEquals(before, b.store().get(WEB).orElseThrow(), "nothing the deposed leader tried was written");

        ghost.stepDown(LEASE);
        assertFalse(ghost.leads(LEASE));
        assertEquals(1, ghost.stepDowns());
        assertEquals("b", Meta.annotations(b.store().get(WEB).orElseThrow()).get(FencedWriter.LEADER));
    }

    /**
     * Leases live in memory only: after a restart of every agent they begin again at epoch 1,
     * while the Deployment comes back from the snapshots stamped with the last leader's epoch.
     * The new leader is fenced once, then leads under an epoch above the stamp, never beside it.
     */
    @Test
    void afterTheLeasesAreLostANewLeaderLiftsItsEpochAboveTheStamp() {
        Leadership before = new Leadership(new Leases(a.hazelcast(), "a"), "a", () -> Set.of("a", "b"), System::nanoTime);
        long stamped = before.lead(LEASE).orElseThrow();
        new FencedWriter(a.store(), "a").claim(WEB, stamped);
        a.hazelcast().getMap(Leases.MAP).clear();  // what a stop-all, start-all does to the leases

        Leadership after = new Leadership(new Leases(b.hazelcast(), "b"), "b", () -> Set.of("b"), System::nanoTime);
        long restarted = after.lead(LEASE).orElseThrow();
        assertEquals(1, restarted, "a lost lease begins again at 1");
        FencedWriter writer = new FencedWriter(b.store(), "b");
        Fenced f = assertThrows(Fenced.class, () -> writer.claim(WEB, restarted), "the same epoch by another leader is not shared");
        after.fenced(LEASE, f.newerEpoch);

        long lifted = after.lead(LEASE).orElseThrow();
        assertEquals(stamped + 1, lifted);
        writer.claim(WEB, lifted);
        assertEquals("b", Meta.annotations(b.store().get(WEB).orElseThrow()).get(FencedWriter.LEADER));
        assertEquals(Long.toString(lifted), Meta.annotations(b.store().get(WEB).orElseThrow()).get(FencedWriter.EPOCH));
    }

    @Test
    void aLiveLeaderKeepsItsLeaseAndRenewsUnderTheSameEpoch() {
        AtomicLong clock = new AtomicLong(0);
        Leadership first = new Leadership(new Leases(a.hazelcast(), "a"), "a", () -> Set.of("a", "b"), clock::get);
        long epoch = first.lead(LEASE).orElseThrow();
        Leadership other = new Leadership(new Leases(b.hazelcast(), "b"), "b", () -> Set.of("a", "b"), System::nanoTime);
        assertTrue(other.lead(LEASE).isEmpty(), "a live member's lease is not taken");
        clock.addAndGet(Leadership.RENEW_EVERY.toNanos() + 1);
        assertEquals(epoch, first.lead(LEASE).orElseThrow(), "renewal keeps the epoch");
        clock.addAndGet(Leadership.LEASE.toNanos());
        assertTrue(first.trusted(LEASE).isEmpty(), "past the lease on its own clock, a leader stops trusting it");
    }

    private static ObjectNode withAnnotation(ObjectNode d, String k, String v) {
        ObjectNode next = d.deepCopy();
        Meta.metadata(next).with("annotations").put(k, v);
        return next;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
