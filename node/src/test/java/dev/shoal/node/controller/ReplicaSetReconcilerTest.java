package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.shoal.node.controller.RolloutFixtures.NOW;
import static dev.shoal.node.controller.RolloutFixtures.deployment;
import static dev.shoal.node.controller.RolloutFixtures.pod;
import static dev.shoal.node.controller.RolloutFixtures.replicaSetFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaSetReconcilerTest {
    private static final Set<String> NODES = Set.of("n1", "n2", "n3");
    private final ObjectNode rs = replicaSetFor(deployment(3, "v1", "1", "0"), 3, 0, 0, 1);

    @Test
    void tooFewCreatesOwnedPodsFromTheTemplate() {
        ReplicaSetReconciler.Plan plan = ReplicaSetReconciler.plan(rs, List.of(pod("a", "n1", true, NOW)), NODES, NOW, new Random(1));
        assertEquals(2, plan.create().size());
        ObjectNode p = plan.create().get(0);
        assertTrue(p.path("metadata").path("name").asText().startsWith(rs.path("metadata").path("name").asText() + "-"));
        assertEquals("ReplicaSet", p.path("metadata").path("ownerReferences").get(0).path("kind").asText());
        assertEquals(rs.path("spec").path("template").path("metadata").path("labels"), p.path("metadata").path("labels"));
        assertEquals("", p.path("spec").path("nodeName").asText(), "placement is the auction's job");
    }

    @Test
    void tooManyDeletesUnboundThenNotReadyThenNewest() {
        ((ObjectNode) rs.get("spec")).put("replicas", 1);
        ObjectNode oldReady = pod("old-ready", "n1", true, NOW.minusSeconds(500));
        ObjectNode newReady = pod("new-ready", "n2", true, NOW.minusSeconds(5));
        ObjectNode notReady = pod("not-ready", "n3", false, NOW.minusSeconds(900));
        ObjectNode unbound = pod("unbound", "", false, NOW.minusSeconds(1000));
        ReplicaSetReconciler.Plan plan = ReplicaSetReconciler.plan(rs, List.of(oldReady, newReady, notReady, unbound), NODES, NOW, new Random(1));
        assertEquals(List.of(unbound, notReady, newReady), plan.delete());
    }

    @Test
    void podsOnALostNodeAreMarkedAndReplaced() {
        ObjectNode lost = pod("lost", "gone", true, NOW.minusSeconds(50));
        ReplicaSetReconciler.Plan plan = ReplicaSetReconciler.plan(rs,
                List.of(lost, pod("b", "n1", true, NOW), pod("c", "n2", true, NOW)), NODES, NOW, new Random(1));
        assertEquals(List.of(lost), plan.markLost());
        assertEquals(1, plan.create().size());
        assertEquals(2, plan.status().path("replicas").asInt());
    }

    @Test
    void aPodAlreadyMarkedLostIsDeleted() {
        ObjectNode marked = pod("lost", "gone", true, NOW.minusSeconds(50));
        ((ObjectNode) marked.get("status")).put("phase", "Failed").put("reason", Reasons.NODE_LOST);
        ReplicaSetReconciler.Plan plan = ReplicaSetReconciler.plan(rs,
                List.of(marked, pod("a", "n1", true, NOW), pod("b", "n1", true, NOW), pod("c", "n2", true, NOW)), NODES, NOW, new Random(1));
        assertEquals(List.of(marked), plan.delete());
        assertTrue(plan.create().isEmpty());
    }

    @Test
    void theRightNumberIsAFixedPoint() {
        ReplicaSetReconciler.Plan plan = ReplicaSetReconciler.plan(rs,
                List.of(pod("a", "n1", true, NOW), pod("b", "n2", true, NOW), pod("c", "n3", false, NOW)), NODES, NOW, new Random(1));
        assertTrue(!plan.changesPods());
        assertEquals(3, plan.status().path("replicas").asInt());
        assertEquals(2, plan.status().path("readyReplicas").asInt());
    }
}
