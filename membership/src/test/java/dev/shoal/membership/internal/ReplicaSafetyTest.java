package dev.shoal.membership.internal;

import dev.shoal.membership.ReplicaSafety;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

                // one member dies: its partitions fail over to their backups, nothing is lost
                cluster.kill(cluster.get(2));
                Await.until(Duration.ofSeconds(30), () -> cluster.get(0).clusterSize() == 2 && cluster.get(1).clusterSize() == 2
                        && cluster.get(0).isSafe() && cluster.get(1).isSafe(), "the two survivors safe again");
                assertEquals(0, safety.get(0).partitionsLost() + safety.get(1).partitionsLost(),
                        "a failover to the backups is no loss");
            } finally {
                safety.forEach(ReplicaSafety::close);
            }
        }
    }

    @Test
    void countsPartitionsWhoseEveryReplicaIsLost(@TempDir Path dir) {
        // four members, three replicas per partition: about a quarter of the partitions live
        // only on members 1-3, and go when those three die at once
        try (TestCluster cluster = new TestCluster(dir).start(4);
             ReplicaSafety survivor = new ReplicaSafety(cluster.get(0)).start()) {
            assertEquals(0, survivor.partitionsLost());
            for (int i = 1; i <= 3; i++) cluster.kill(cluster.get(i));
            Await.until(Duration.ofSeconds(30), () -> survivor.partitionsLost() > 0, "the survivor counts lost partitions");
        }
    }
}
