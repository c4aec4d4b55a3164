package dev.shoal.chaos;

import dev.shoal.node.it.AgentProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Random faults for a few minutes from a fixed seed (printed; replay with -Dchaos.seed=N, run
 * longer with -Dchaos.rounds=N): each round kills and restarts, pauses and resumes, or
 * partitions one node from the others, holds the fault for a random number of operations, then
 * repairs it. At most one node is faulty at a time, so a majority always exists.
 */
class RandomFaultsIT {
    @Test
    @Tag("full")
    void randomFaultsFromAFixedSeed() throws Exception {
        long seed = Long.getLong("chaos.seed", 20261127L);
        int rounds = Integer.getInteger("chaos.rounds", 8);
        System.out.println("RandomFaultsIT: seed " + seed + ", " + rounds + " rounds (replay: -Dchaos.seed=" + seed + ")");
        Random random = new Random(seed);
        try (Scenario s = Scenario.start("random-faults", 3, 18213, 19171)) {
            List<AgentProcess> n = s.cluster.agents();
            s.startWriters(6, seed);
            s.awaitOperations(40);
            for (int round = 0; round < rounds; round++) {
                AgentProcess victim = n.get(random.nextInt(n.size()));
                List<AgentProcess> rest = n.stream().filter(a -> a != victim).toList();
                s.startVipClient(rest.get(0));
                int hold = 20 + random.nextInt(80);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        System.out.println("RandomFaultsIT: round " + round + ": kill " + victim.name() + " for " + hold + " ops");
                        victim.kill();
                        s.awaitOperations(hold);
                        victim.start().awaitReady(Duration.ofSeconds(90));
                    }
                    case 1 -> {
                        System.out.println("RandomFaultsIT: round " + round + ": pause " + victim.name() + " for " + hold + " ops");
                        victim.pause();
                        try {
                            s.awaitOperations(hold);
                        } finally {
                            victim.resume();
                        }
                    }
                    default -> {
                        System.out.println("RandomFaultsIT: round " + round + ": partition " + victim.name() + " for " + hold + " ops");
                        s.network.partition(List.of(victim), rest);
                        s.awaitOperations(hold);
                        s.network.heal();
                    }
                }
                s.cluster.awaitNodesReady(n.size(), Duration.ofSeconds(90));
            }
            s.finish(Duration.ofSeconds(120));
        }
    }
}
