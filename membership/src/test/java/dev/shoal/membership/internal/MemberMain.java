package dev.shoal.membership.internal;

import dev.shoal.membership.ClusterSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One member in a process of its own, for tests that freeze a whole JVM (SIGSTOP).
 * Args: nodeName port peer clusterName dataDir. Prints READY once joined; exits when stdin closes.
 */
public final class MemberMain {
    public static void main(String[] args) throws Exception {
        ClusterSettings settings = new ClusterSettings(args[0], TestCluster.HOST, Integer.parseInt(args[1]),
                List.of(args[2]), args[3], Path.of(args[4]), Map.of());
        try (HazelcastClusterMember m = (HazelcastClusterMember) HazelcastClusterMember.start(settings)) {
            System.out.println("READY " + m.clusterSize());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our stdin
            }
        }
    }
}
