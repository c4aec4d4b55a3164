package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.shoal.node.controller.RolloutFixtures.NOW;
import static dev.shoal.node.controller.RolloutFixtures.deployment;
import static dev.shoal.node.controller.RolloutFixtures.replicaSetFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentReconcilerTest {

    @Test
    void aNewDeploymentGetsOneReplicaSetWithAllReplicas() {
        ObjectNode d = deployment(9, "v1", "\"25%\"", "\"25%\"");
        DeploymentReconciler.Plan plan = DeploymentReconciler.plan(d, List.of(), NOW);
        ObjectNode rs = plan.createReplicaSet();
        assertNotNull(rs);
        String hash = TemplateHash.of(d.path("spec").path("template"), 0);
        assertEquals("web-" + hash, rs.path("metadata").path("name").asText());
        assertEquals(9, rs.path("spec").path("replicas").asInt());
        assertEquals(hash, rs.path("spec").path("selector").path("matchLabels").path("pod-template-hash").asText());
        assertEquals(hash, rs.path("spec").path("template").path("metadata").path("labels").path("pod-template-hash").asText());
        assertEquals("Deployment", rs.path("metadata").path("ownerReferences").get(0).path("kind").asText());
        assertEquals("1", plan.revision());
    }

    @Test
    void scalingChangesOnlyTheCurrentReplicaSet() {
        ObjectNode d = deployment(20, "v1", "\"25%\"", "\"25%\"");
        ObjectNode rs = replicaSetFor(d, 9, 9, 9, 1);
        DeploymentReconciler.Plan plan = DeploymentReconciler.plan(d, List.of(rs), NOW);
        assertNull(plan.createReplicaSet());
        assertEquals(Map.of(rs.path("metadata").path("name").asText(), 20), plan.scale());
    }

    @Test
    void aTemplateChangeStartsANewRevision() {
        ObjectNode v1 = deployment(4, "v1", "1", "0");
        ObjectNode oldRs = replicaSetFor(v1, 4, 4, 4, 1);
        ObjectNode v2 = deployment(4, "v2", "1", "0");
        DeploymentReconciler.Plan plan = DeploymentReconciler.plan(v2, List.of(oldRs), NOW);
        assertNotNull(plan.createReplicaSet());
        assertEquals(1, plan.createReplicaSet().path("spec").path("replicas").asInt(), "maxSurge 1");
        assertEquals("2", plan.revision());
    }

    @Test
    void rollingBackReusesTheOldReplicaSetUnderANewRevision() {
        ObjectNode v1 = deployment(2, "v1", "1", "0");
        ObjectNode v2 = deployment(2, "v2", "1", "0");
        ObjectNode rs1 = replicaSetFor(v1, 0, 0, 0, 1);
        ObjectNode rs2 = replicaSetFor(v2, 2, 2, 2, 2);
        DeploymentReconciler.Plan plan = DeploymentReconciler.plan(v1, List.of(rs1, rs2), NOW);
        assertNull(plan.createReplicaSet());
        assertEquals("3", plan.revision());
        assertEquals(Map.of(rs1.path("metadata").path("name").asText(), "3"), plan.setRevision());
        assertEquals(Map.of(rs1.path("metadata").path("name").asText(), 1), plan.scale());
    }

    @Test
    void emptyOldReplicaSetsArePrunedBeyondTheHistoryLimit() {
        ObjectNode d = deployment(1, "v9", "1", "0");
        ((ObjectNode) d.get("spec")).put("revisionHistoryLimit", 1);
        ObjectNode a = replicaSetFor(deployment(1, "v1", "1", "0"), 0, 0, 0, 1);
        ObjectNode b = replicaSetFor(deployment(1, "v2", "1", "0"), 0, 0, 0, 2);
        ObjectNode cur = replicaSetFor(d, 1, 1, 1, 3);
        DeploymentReconciler.Plan plan = DeploymentReconciler.plan(d, List.of(a, b, cur), NOW);
        assertEquals(List.of(a), plan.deleteReplicaSets());
    }

    @Test
    void statusSumsReplicaSetsAndReportsCompletion() {
        ObjectNode d = deployment(3, "v1", "1", "0");
        ObjectNode rs = replicaSetFor(d, 3, 3, 3, 1);
        ObjectNode status = DeploymentReconciler.plan(d, List.of(rs), NOW).status();
        assertEquals(3, status.path("replicas").asInt());
        assertEquals(3, status.path("availableReplicas").asInt());
        assertEquals(3, status.path("updatedReplicas").asInt());
        String progressing = "";
        for (var c : status.path("conditions")) if (c.path("type").asText().equals("Progressing")) progressing = c.path("reason").asText();
        assertEquals(Reasons.NEW_RS_AVAILABLE, progressing);
    }

    @Test
    void aStalledRolloutExceedsItsProgressDeadline() {
        ObjectNode d = deployment(2, "v2", "1", "0");
        ((ObjectNode) d.get("spec")).put("progressDeadlineSeconds", 60);
        ObjectNode old = replicaSetFor(deployment(2, "v1", "1", "0"), 2, 2, 2, 1);
        ObjectNode stuck = replicaSetFor(d, 1, 1, 0, 2);
        ObjectNode status = DeploymentReconciler.plan(d, List.of(old, stuck), NOW).status();
        d.set("status", status);
        ObjectNode later = DeploymentReconciler.plan(d, List.of(old, stuck), NOW.plusSeconds(61)).status();
        boolean exceeded = false;
        for (var c : later.path("conditions")) {
            exceeded |= c.path("reason").asText().equals(Reasons.PROGRESS_DEADLINE_EXCEEDED) && c.path("status").asText().equals("False");
        }
        assertTrue(exceeded, later.toString());
    }

    @Test
    void templateHashIgnoresFieldOrder() {
        ObjectNode a = RolloutFixtures.parse("{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{\"x\":1,\"y\":2}}");
        ObjectNode b = RolloutFixtures.parse("{\"spec\":{\"y\":2,\"x\":1},\"metadata\":{\"labels\":{\"b\":\"2\",\"a\":\"1\"}}}");
        assertEquals(TemplateHash.of(a, 0), TemplateHash.of(b, 0));
        ObjectNode withNull = RolloutFixtures.parse("{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{\"x\":1,\"y\":2}}");
        assertEquals(TemplateHash.of(a, 0), TemplateHash.of(withNull, 0), "kubectl's explicit nulls do not change the hash");
        assertTrue(!TemplateHash.of(a, 0).equals(TemplateHash.of(a, 1)));
    }
}
