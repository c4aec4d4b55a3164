package dev.shoal.membership.internal;

import dev.shoal.membership.ReplicaSafety;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Real members on loopback: the flag follows the partitions' migrations, driven by events. */
class ReplicaSafetyTest {

    @Test
    void inSyncOnceMigrationsAfterAJoinHaveFinished(@TempDir Path dir) {
        try (TestCluster cluster = new TestCluster(dir).start(2)) {
            List<ReplicaSafety> safety = new ArrayList<>();
            try {
                ReplicaSafety unstarted = new ReplicaSafety(cluster.get(0));
                assertFalse(unstarted.inSync(), "nothing is known before the first check");
                for (int i = 0; i < 2; i++) safety.add(new ReplicaSafety(cluster.get(i)).start());
                Await.until(Duration.ofSeconds(30), () -> safety.stream().allMatch(ReplicaSafety::inSync),
                        "both members report their replicas in sync");

                // a join moves partitions to the newcomer: the members re-check on the events it causes
                safety.add(new ReplicaSafety(cluster.startNode("node-2")).start());
                Await.until(Duration.ofSeconds(60), () -> cluster.members.stream().allMatch(HazelcastClusterMember::isSafe)
                                && safety.stream().allMatch(ReplicaSafety::inSync),
                        "all three report their replicas in sync after the migrations");
            } finally {
                safety.forEach(ReplicaSafety::close);
            }
        }
    }
}
