package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.shoal.node.controller.RolloutFixtures.NOW;
import static dev.shoal.node.controller.RolloutFixtures.deployment;
import static dev.shoal.node.controller.RolloutFixtures.replicaSetFor;
import static dev.shoal.node.controller.RolloutFixtures.withAnnotation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The canary step as plans: Canary's worked example, the cap, the pause, and the resume. */
class CanaryTest {
    private final ObjectNode v1 = deployment(6, "v1", "1", "0");

    private ObjectNode v2(String maxSurge, String canary) {
        return withAnnotation(deployment(6, "v2", maxSurge, "0"), Canary.PODS, canary);
    }

    @Test
    void workedExampleSixReplicasCanaryTwo() {
        ObjectNode d = v2("1", "2");
        DeploymentReconciler.Plan plan = DeploymentReconciler.plan(d, List.of(replicaSetFor(v1, 6, 6, 6, 1)), NOW);
        assertEquals(1, plan.createReplicaSet().path("spec").path("replicas").asInt(), "maxSurge 1");

        ObjectNode old = replicaSetFor(v1, 6, 6, 6, 1);
        assertEquals(Map.of(name(old), 5), DeploymentReconciler.plan(d, List.of(old, replicaSetFor(d, 1, 1, 1, 2)), NOW).scale());
        old = replicaSetFor(v1, 5, 5, 5, 1);
        assertEquals(Map.of(name(replicaSetFor(d, 1, 1, 1, 2)), 2),
                DeploymentReconciler.plan(d, List.of(old, replicaSetFor(d, 1, 1, 1, 2)), NOW).scale());
        ObjectNode canaryRs = replicaSetFor(d, 2, 2, 1, 2);
        assertEquals(Map.of(), DeploymentReconciler.plan(d, List.of(old, canaryRs), NOW).scale(), "7 pods, one not yet available: wait");
        assertNull(DeploymentReconciler.plan(d, List.of(old, canaryRs), NOW).canaryPause());

        canaryRs = replicaSetFor(d, 2, 2, 2, 2);
        plan = DeploymentReconciler.plan(d, List.of(old, canaryRs), NOW);
        assertEquals(name(canaryRs), plan.canaryPause());
        assertEquals(Map.of(), plan.scale(), "no step past the canary");
        JsonNode progressing = AutoRollbackTest.condition(plan.status(), "Progressing");
        assertEquals("Unknown", progressing.path("status").asText());
        assertEquals(Reasons.CANARY_PAUSED, progressing.path("reason").asText());
        assertEquals("Canary step: 2 new pod(s) of ReplicaSet \"" + name(canaryRs)
                + "\" are available; the rollout waits for 'rollout resume'", progressing.path("message").asText());
    }

    @Test
    void theCanaryCapsALargeSurge() {
        ObjectNode d = v2("3", "1");
        assertEquals(1, DeploymentReconciler.plan(d, List.of(replicaSetFor(v1, 6, 6, 6, 1)), NOW)
                .createReplicaSet().path("spec").path("replicas").asInt(), "maxSurge 3, canary 1");
        ObjectNode old = replicaSetFor(v1, 6, 6, 6, 1);
        ObjectNode canaryRs = replicaSetFor(d, 1, 1, 0, 2);
        assertEquals(Map.of(), DeploymentReconciler.plan(d, List.of(old, canaryRs), NOW).scale(), "held at 1 until it is available");
    }

    @Test
    void thePauseKeepsTheCanaryReasonAndAResumeCarriesOnPastTheCap() {
        ObjectNode d = v2("1", "2");
        ObjectNode old = replicaSetFor(v1, 5, 5, 5, 1);
        ObjectNode canaryRs = replicaSetFor(d, 2, 2, 2, 2);
        DeploymentReconciler.Plan pause = DeploymentReconciler.plan(d, List.of(old, canaryRs), NOW);

        // what the leader writes: spec.paused, the status, and the mark on the ReplicaSet
        ((ObjectNode) d.get("spec")).put("paused", true);
        d.set("status", pause.status());
        withAnnotation(d, Canary.PASSED, name(canaryRs));
        DeploymentReconciler.Plan paused = DeploymentReconciler.plan(d, List.of(old, canaryRs), NOW.plusSeconds(5));
        assertEquals(Map.of(), paused.scale());
        assertNull(paused.canaryPause());
        assertEquals(Reasons.CANARY_PAUSED, AutoRollbackTest.condition(paused.status(), "Progressing").path("reason").asText());

        ((ObjectNode) d.get("spec")).put("paused", false);
        d.set("status", paused.status());
        DeploymentReconciler.Plan resumed = DeploymentReconciler.plan(d, List.of(old, canaryRs), NOW.plusSeconds(10));
        assertEquals(Map.of(name(old), 4), resumed.scale(), "a plain rolling update again");
        assertNull(resumed.canaryPause());
        assertEquals(Map.of(name(canaryRs), 3), DeploymentReconciler.plan(d,
                List.of(replicaSetFor(v1, 4, 4, 4, 1), canaryRs), NOW.plusSeconds(11)).scale(), "past the canary's 2");
    }

    @Test
    void aPauseByHandIsNotACanary() {
        ObjectNode d = deployment(6, "v2", "1", "0");
        ((ObjectNode) d.get("spec")).put("paused", true);
        ObjectNode status = DeploymentReconciler.plan(d, List.of(replicaSetFor(v1, 6, 6, 6, 1)), NOW).status();
        assertEquals(Reasons.PAUSED, AutoRollbackTest.condition(status, "Progressing").path("reason").asText());
    }

    @Test
    void noCanaryForAFirstRevisionNorAtOrAboveTheReplicas() {
        assertEquals(6, DeploymentReconciler.plan(v2("1", "2"), List.of(), NOW).createReplicaSet().path("spec").path("replicas").asInt());
        ObjectNode all = v2("1", "6");
        ObjectNode old = replicaSetFor(v1, 5, 5, 5, 1);
        ObjectNode neu = replicaSetFor(all, 2, 2, 2, 2);
        assertNull(DeploymentReconciler.plan(all, List.of(old, neu), NOW).canaryPause());
    }

    private static String name(ObjectNode rs) {
        return rs.path("metadata").path("name").asText();
    }
}
