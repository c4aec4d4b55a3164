package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.shoal.node.controller.RolloutFixtures.deployment;
import static dev.shoal.node.controller.RolloutFixtures.replicaSetFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The worked example in RollingUpdate's comment, step by step, plus the bounds. */
class RollingUpdateTest {
    private final RollingUpdate strategy = new RollingUpdate();

    private static ReplicaSetView rs(String name, int spec, int pods, int available, long revision) {
        return new ReplicaSetView(name, spec, pods, available, available, revision, RolloutFixtures.NOW.minusSeconds(100 - revision), null);
    }

    @Test
    void workedExampleTenReplicasSurgeThreeUnavailableTwo() {
        ObjectNode d = deployment(10, "v2", "3", "2");
        ReplicaSetView old = rs("old", 10, 10, 10, 1);
        ReplicaSetView neu = rs("new", 0, 0, 0, 2);

        assertEquals(Map.of("new", 3), strategy.step(d.get("spec"), neu, List.of(old)));
        neu = rs("new", 3, 3, 0, 2);
        assertEquals(Map.of("old", 8), strategy.step(d.get("spec"), neu, List.of(old)));
        old = rs("old", 8, 8, 8, 1);
        assertEquals(Map.of("new", 5), strategy.step(d.get("spec"), neu, List.of(old)), "11 by spec, 13 allowed");
        neu = rs("new", 5, 5, 0, 2);
        assertEquals(Map.of(), strategy.step(d.get("spec"), neu, List.of(old)), "13 pods - 8 min - 5 unavailable = 0: wait");
        neu = rs("new", 5, 5, 5, 2);
        assertEquals(Map.of("old", 3), strategy.step(d.get("spec"), neu, List.of(old)), "13 pods - 8 min - 0 unavailable = 5");
    }

    @Test
    void neverExceedsSurgeNorDropsBelowMinAvailableOverAWholeRollout() {
        ObjectNode d = deployment(6, "v2", "1", "0");
        int oldSpec = 6, newSpec = 0;
        // Pods become available as soon as they exist: the fastest possible cluster.
        for (int round = 0; round < 50 && !(newSpec == 6 && oldSpec == 0); round++) {
            Map<String, Integer> c = strategy.step(d.get("spec"), rs("new", newSpec, newSpec, newSpec, 2),
                    List.of(rs("old", oldSpec, oldSpec, oldSpec, 1)));
            newSpec = c.getOrDefault("new", newSpec);
            oldSpec = c.getOrDefault("old", oldSpec);
            assertEquals(true, newSpec + oldSpec <= 7, "surge exceeded: " + newSpec + "+" + oldSpec);
            assertEquals(true, newSpec + oldSpec >= 6, "availability dropped: " + newSpec + "+" + oldSpec);
        }
        assertEquals(6, newSpec);
        assertEquals(0, oldSpec);
    }

    @Test
    void unavailableOldPodsGoFirst() {
        ObjectNode d = deployment(4, "v2", "0", "1");
        // 4 pods, 3 must stay available: one may go, and it is one of the 2 broken ones, not a serving one.
        Map<String, Integer> c = strategy.step(d.get("spec"), rs("new", 0, 0, 0, 2),
                List.of(rs("older", 1, 1, 1, 0), rs("old", 3, 3, 1, 1)));
        assertEquals(Map.of("old", 2), c);
    }

    @Test
    void initialReplicasOfAFreshDeploymentIsAllOfThem() {
        ObjectNode d = deployment(9, "v1", "\"25%\"", "\"25%\"");
        assertEquals(9, strategy.initialReplicas(d.get("spec"), List.of()));
        assertEquals(3, strategy.initialReplicas(d.get("spec"), List.of(rs("old", 9, 9, 9, 1))), "25% of 9 rounds up to 3");
    }

    @Test
    void boundsRoundLikeKubernetes() {
        assertEquals(new RolloutBounds(3, 2), RolloutBounds.of(deployment(10, "x", "\"25%\"", "\"25%\"").get("spec")));
        assertEquals(new RolloutBounds(0, 1), RolloutBounds.of(deployment(10, "x", "0", "0").get("spec")));
        assertEquals(new RolloutBounds(1, 0), RolloutBounds.of(deployment(3, "x", "\"10%\"", "\"10%\"").get("spec")));
    }

    @Test
    void replicaSetFixtureMatchesTheTemplateHash() {
        ObjectNode d = deployment(3, "v1", "1", "0");
        ObjectNode rs = replicaSetFor(d, 3, 3, 3, 1);
        assertEquals(TemplateHash.of(d.path("spec").path("template"), 0), rs.path("metadata").path("labels").path("pod-template-hash").asText());
    }
}
