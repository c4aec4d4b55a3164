package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.shoal.node.controller.RolloutFixtures.NOW;
import static dev.shoal.node.controller.RolloutFixtures.annotated;
import static dev.shoal.node.controller.RolloutFixtures.deployment;
import static dev.shoal.node.controller.RolloutFixtures.podOf;
import static dev.shoal.node.controller.RolloutFixtures.replicaSetFor;
import static dev.shoal.node.controller.RolloutFixtures.withAnnotation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The automatic rollback, as plans: when it fires, where it goes (the newest revision that was
 * once fully rolled out), and when it must not fire. Six replicas, maxSurge 1, maxUnavailable 1:
 * v1 and v2 rolled out, v3 stuck with 2 unready pods while 5 v2 pods serve.
 */
class AutoRollbackTest {
    private static final String GOOD = NOW.minusSeconds(3600).toString();

    private static ObjectNode broken(boolean autoRollback) {
        ObjectNode d = deployment(6, "v3", "1", "1");
        ((ObjectNode) d.get("spec")).put("progressDeadlineSeconds", 60);
        return autoRollback ? withAnnotation(d, AutoRollback.ENABLED, "true") : d;
    }

    private final ObjectNode v1 = annotated(replicaSetFor(deployment(6, "v1", "1", "1"), 0, 0, 0, 1), ReplicaSetView.ROLLED_OUT, GOOD);
    private final ObjectNode v2 = annotated(replicaSetFor(deployment(6, "v2", "1", "1"), 5, 5, 5, 2), ReplicaSetView.ROLLED_OUT, GOOD);
    private final ObjectNode v3 = replicaSetFor(broken(false), 2, 2, 0, 3);

    /** Plans at NOW (the rollout stops moving), then at {@code later} with that status as the previous one. */
    private static DeploymentReconciler.Plan stalledFor(ObjectNode d, List<ObjectNode> sets, List<ObjectNode> pods, long seconds) {
        d.set("status", DeploymentReconciler.plan(d, sets, pods, NOW).status());
        return DeploymentReconciler.plan(d, sets, pods, NOW.plusSeconds(seconds));
    }

    @Test
    void anExceededProgressDeadlineRollsBackToTheNewestRevisionThatWasRolledOut() {
        ObjectNode d = broken(true);
        List<ObjectNode> pods = List.of(podOf(v3, "a", false, NOW, 0), podOf(v3, "b", false, NOW, 0));
        assertNull(stalledFor(d, List.of(v1, v2, v3), pods, 59).rollback(), "within the deadline");

        DeploymentReconciler.Plan plan = stalledFor(d, List.of(v1, v2, v3), pods, 61);
        AutoRollback.Rollback rb = plan.rollback();
        assertNotNull(rb);
        assertEquals(3, rb.fromRevision());
        assertEquals(2, rb.toRevision());
        assertEquals(name(v2), rb.replicaSet());
        assertEquals("v2", rb.template().path("spec").path("containers").get(0).path("image").asText());
        assertEquals(TemplateHash.of(deployment(6, "v2", "1", "1").path("spec").path("template"), 0),
                TemplateHash.of(rb.template(), 0), "the restored template hashes to v2's ReplicaSet again");
        assertEquals(Map.of(), plan.scale(), "the broken rollout takes no further step");
        JsonNode c = condition(plan.status(), Reasons.ROLLED_BACK);
        assertEquals("True", c.path("status").asText());
        assertEquals(Reasons.PROGRESS_DEADLINE_EXCEEDED, c.path("reason").asText());
        assertEquals("Rolled back automatically from revision 3 to revision 2 (ReplicaSet \"" + name(v2) + "\"): "
                + "ReplicaSet \"" + name(v3) + "\" has timed out progressing", c.path("message").asText());
    }

    @Test
    void withoutTheAnnotationTheRolloutOnlyReportsItsDeadline() {
        DeploymentReconciler.Plan plan = stalledFor(broken(false), List.of(v1, v2, v3), List.of(), 61);
        assertNull(plan.rollback());
        assertEquals(Reasons.PROGRESS_DEADLINE_EXCEEDED, condition(plan.status(), "Progressing").path("reason").asText());
        assertNull(condition(plan.status(), Reasons.ROLLED_BACK));
    }

    @Test
    void aNewPodUnreadyForTheConfiguredTimeRollsBackBeforeTheDeadline() {
        ObjectNode d = withAnnotation(broken(true), AutoRollback.UNREADY_SECONDS, "20");
        ((ObjectNode) d.get("spec")).put("progressDeadlineSeconds", 600);
        List<ObjectNode> sets = List.of(v1, v2, v3);
        assertNull(DeploymentReconciler.plan(d, sets, List.of(podOf(v3, "a", false, NOW.minusSeconds(19), 0)), NOW).rollback());
        AutoRollback.Rollback rb = DeploymentReconciler.plan(d, sets, List.of(podOf(v3, "a", false, NOW.minusSeconds(20), 0)), NOW).rollback();
        assertNotNull(rb);
        assertEquals(Reasons.NEW_PODS_FAILING, rb.reason());
        assertTrue(rb.message().endsWith("pod \"a\" has not been Ready for 20 s"), rb.message());
        assertNull(DeploymentReconciler.plan(d, sets, List.of(podOf(v2, "old", false, NOW.minusSeconds(99), 0)), NOW).rollback(),
                "an old revision's unready pod is not the new revision's failure");
    }

    @Test
    void aCrashLoopingNewPodRollsBack() {
        ObjectNode d = broken(true);
        List<ObjectNode> sets = List.of(v1, v2, v3);
        assertNull(DeploymentReconciler.plan(d, sets, List.of(podOf(v3, "a", false, NOW, 2)), NOW).rollback());
        AutoRollback.Rollback rb = DeploymentReconciler.plan(d, sets, List.of(podOf(v3, "a", false, NOW, 3)), NOW).rollback();
        assertNotNull(rb);
        assertEquals(Reasons.NEW_PODS_FAILING, rb.reason());
        assertTrue(rb.message().endsWith("pod \"a\" restarted 3 times"), rb.message());
    }

    @Test
    void noRollbackWithoutAGoodRevisionNorFromOneNorWhilePaused() {
        ObjectNode neverGood = replicaSetFor(deployment(6, "v2", "1", "1"), 5, 5, 5, 2);
        assertNull(stalledFor(broken(true), List.of(neverGood, v3), List.of(), 61).rollback(), "nothing good to go back to");

        ObjectNode v3WasGood = annotated(replicaSetFor(broken(false), 2, 2, 0, 3), ReplicaSetView.ROLLED_OUT, GOOD);
        assertNull(stalledFor(broken(true), List.of(v1, v2, v3WasGood), List.of(), 61).rollback(),
                "a revision that was once good stalls for another reason: no flapping between revisions");

        ObjectNode paused = broken(true);
        ((ObjectNode) paused.get("spec")).put("paused", true);
        assertNull(stalledFor(paused, List.of(v1, v2, v3), List.of(), 61).rollback());
    }

    @Test
    void aCompletedRolloutIsMarkedAsAGoodRevisionOnce() {
        ObjectNode d = deployment(6, "v3", "1", "1");
        ObjectNode done = replicaSetFor(d, 6, 6, 6, 3);
        ObjectNode oldEmpty = replicaSetFor(deployment(6, "v2", "1", "1"), 0, 0, 0, 2);
        assertEquals(name(done), DeploymentReconciler.plan(d, List.of(oldEmpty, done), NOW).markRolledOut());
        assertNull(DeploymentReconciler.plan(d, List.of(oldEmpty, annotated(done, ReplicaSetView.ROLLED_OUT, GOOD)), NOW).markRolledOut());
        ObjectNode halfway = replicaSetFor(d, 6, 6, 6, 3);
        ObjectNode oldLeft = replicaSetFor(deployment(6, "v2", "1", "1"), 1, 1, 1, 2);
        assertNull(DeploymentReconciler.plan(d, List.of(oldLeft, halfway), NOW).markRolledOut(), "old pods are left");
    }

    @Test
    void theRolledBackConditionStaysWhileTheRestoredRevisionIsCurrent() {
        ObjectNode d = broken(true);
        DeploymentReconciler.Plan rolledBack = stalledFor(d, List.of(v1, v2, v3), List.of(), 61);
        // the leader writes the restored template and the status; the next pass rolls back, keeping the record
        ObjectNode restored = deployment(6, "v2", "1", "1");
        withAnnotation(restored, AutoRollback.ENABLED, "true").set("status", rolledBack.status());
        DeploymentReconciler.Plan next = DeploymentReconciler.plan(restored, List.of(v1, v2, v3), NOW.plusSeconds(62));
        assertEquals(Map.of(name(v2), "4"), next.setRevision(), "v2 comes back as revision 4");
        assertEquals(Map.of(name(v3), 0), next.scale(), "v3's unready pods go first: they cost no availability");
        assertNotNull(condition(next.status(), Reasons.ROLLED_BACK));
        assertNull(next.rollback());

        ObjectNode v4 = deployment(6, "v4", "1", "1");
        v4.set("status", next.status());
        assertNull(condition(DeploymentReconciler.plan(v4, List.of(v1, v2, v3), NOW.plusSeconds(63)).status(), Reasons.ROLLED_BACK),
                "a new template ends the record");
    }

    static JsonNode condition(ObjectNode status, String type) {
        for (JsonNode c : status.path("conditions")) if (c.path("type").asText().equals(type)) return c;
        return null;
    }

    private static String name(ObjectNode rs) {
        return rs.path("metadata").path("name").asText();
    }
}
