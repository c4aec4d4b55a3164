package dev.shoal.membership.internal;

import dev.shoal.membership.ClusterMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How fast the survivors notice a crashed member; the number is printed for the record. */
class FailureDetectionClusterTest {

    /** The promise: a killed member is out of everyone's member list within this. */
    private static final Duration KILL_DETECTED_WITHIN = Duration.ofSeconds(5);

    @TempDir Path dir;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aKilledMemberLeavesWithinFiveSeconds() {
        cluster = new TestCluster(dir).start(3);
        HazelcastClusterMember victim = cluster.get(2);
        Map<String, Long> leftAtNanos = new ConcurrentHashMap<>();
        for (HazelcastClusterMember survivor : List.of(cluster.get(0), cluster.get(1))) {
            survivor.addMembershipListener(new ClusterMember.MembershipListener() {
                @Override public void memberJoined(ClusterMember.MemberInfo m) {}
                @Override public void memberLeft(ClusterMember.MemberInfo m) {
                    if (m.nodeName().equals("node-2")) leftAtNanos.put(survivor.localNodeName(), System.nanoTime());
                }
            });
        }

        long killedAt = System.nanoTime();
        cluster.kill(victim);
        Await.until(Duration.ofSeconds(15), () -> leftAtNanos.size() == 2, "both survivors see node-2 leave");

        for (Map.Entry<String, Long> e : leftAtNanos.entrySet()) {
            Duration took = Duration.ofNanos(e.getValue() - killedAt);
            System.out.println("[measured] " + e.getKey() + " saw the killed member leave after " + took.toMillis() + " ms");
            assertTrue(took.compareTo(KILL_DETECTED_WITHIN) <= 0, e.getKey() + " took " + took);
        }
        assertEquals(List.of("node-0", "node-1"),
                cluster.get(0).members().stream().map(ClusterMember.MemberInfo::nodeName).sorted().toList());
    }

    @Test
    void membersAreNamedByTheirNodeAttribute() {
        cluster = new TestCluster(dir).start(2);
        List<ClusterMember.MemberInfo> members = cluster.get(1).members();
        assertEquals(2, members.size());
        ClusterMember.MemberInfo self = members.stream().filter(ClusterMember.MemberInfo::local).findFirst().orElseThrow();
        assertEquals("node-1", self.nodeName());
        assertTrue(self.address().startsWith(TestCluster.HOST + ":"), self.address());
    }
}
