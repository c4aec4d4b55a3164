package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deployment -> ReplicaSets, as a pure function (after Kubernetes' {@code sync.go} and
 * {@code rolling.go}): one ReplicaSet per pod-template hash, scaled step by step by the
 * Deployment's strategy, old ones pruned to {@code revisionHistoryLimit}.
 * {@link DeploymentSync} applies the plan.
 */
public final class DeploymentReconciler {

    private DeploymentReconciler() {}

    /**
     * @param createReplicaSet a ReplicaSet to create for the current template, or null
     * @param scale            ReplicaSet name -> new spec.replicas
     * @param setRevision      ReplicaSet name -> revision annotation to set (a rollback re-uses an old ReplicaSet under a new revision)
     * @param deleteReplicaSets old, empty ReplicaSets beyond the history limit
     * @param revision         the Deployment's revision annotation
     * @param status           the Deployment's new status
     * @param markRolledOut    a ReplicaSet whose rollout just completed, to mark as a good revision, or null
     * @param canaryPause      the ReplicaSet whose canary pods are all available: pause the Deployment now, or null
     * @param rollback         an automatic rollback to make now, or null
     */
    public record Plan(ObjectNode createReplicaSet, Map<String, Integer> scale, Map<String, String> setRevision,
                       List<ObjectNode> deleteReplicaSets, String revision, ObjectNode status,
                       String markRolledOut, String canaryPause, AutoRollback.Rollback rollback) {}

    /** A plan that looks at no pods: what the status alone needs, and what the opt-ins need when no pod fails. */
    public static Plan plan(ObjectNode deployment, List<ObjectNode> ownedReplicaSets, Instant now) {
        return plan(deployment, ownedReplicaSets, List.of(), now);
    }

    /** @param pods the Deployment's pods (any of its ReplicaSets'), for {@link AutoRollback}'s look at the new ones */
    public static Plan plan(ObjectNode deployment, List<ObjectNode> ownedReplicaSets, List<ObjectNode> pods, Instant now) {
        JsonNode spec = deployment.path("spec");
        RolloutStep strategy = "Recreate".equals(spec.path("strategy").path("type").asText()) ? new Recreate() : new RollingUpdate();
        long collisions = deployment.path("status").path("collisionCount").asLong(0);
        String hash = TemplateHash.of(spec.path("template"), collisions);

        ReplicaSetView newRs = null;
        List<ReplicaSetView> old = new ArrayList<>();
        for (ObjectNode rs : ownedReplicaSets) {
            ReplicaSetView v = ReplicaSetView.of(rs);
            if (hash.equals(Meta.labels(rs).get(TemplateHash.LABEL))) newRs = v;
            else old.add(v);
        }
        old.sort(Comparator.comparingLong(ReplicaSetView::revision).thenComparing(ReplicaSetView::created));
        long maxOldRevision = old.stream().mapToLong(ReplicaSetView::revision).max().orElse(0);
        boolean paused = spec.path("paused").asBoolean(false);
        int desired = spec.path("replicas").asInt(1);
        int canary = Canary.pods(deployment, newRs, old);
        boolean canaryReached = !paused && Canary.reached(newRs, canary);

        ObjectNode create = null;
        Map<String, Integer> scale = new LinkedHashMap<>();
        Map<String, String> setRevision = new LinkedHashMap<>();
        String revision;
        if (newRs == null) {
            revision = Long.toString(maxOldRevision + 1);
            if (!paused) {
                create = newReplicaSet(deployment, hash, Canary.cap(strategy.initialReplicas(spec, old), 0, canary), revision);
            }
        } else {
            if (newRs.revision() <= maxOldRevision) {
                // An old template came back (rollback): it becomes the newest revision.
                revision = Long.toString(maxOldRevision + 1);
                setRevision.put(newRs.name(), revision);
            } else {
                revision = Long.toString(newRs.revision());
            }
            if (!paused && !canaryReached) {
                scale.putAll(strategy.step(spec, newRs, old));
                Integer up = scale.get(newRs.name());
                if (up != null) {
                    int capped = Canary.cap(up, newRs.specReplicas(), canary);
                    if (capped == newRs.specReplicas()) scale.remove(newRs.name());  // held at the canary: wait for it
                    else scale.put(newRs.name(), capped);
                }
            } else if (paused && old.stream().allMatch(rs -> rs.specReplicas() == 0) && newRs.specReplicas() != desired) {
                scale.put(newRs.name(), desired);  // a paused Deployment still scales
            }
        }

        List<ObjectNode> delete = prune(old, spec.path("revisionHistoryLimit").asInt(10));
        ObjectNode status = DeploymentStatus.compute(deployment, newRs, old, create != null || !scale.isEmpty(), now);
        String markRolledOut = newRs != null && !newRs.rolledOut() && DeploymentStatus.complete(desired, newRs, old)
                ? newRs.name() : null;

        if (canaryReached) {
            status = DeploymentStatus.withCondition(status, "Progressing", "Unknown", Reasons.CANARY_PAUSED,
                    Canary.message(newRs, canary), now);
            return new Plan(null, Map.of(), setRevision, delete, revision, status, null, newRs.name(), null);
        }
        String newUid = newRs == null ? null : Meta.uid(newRs.object());
        List<ObjectNode> newPods = newUid == null ? List.of()
                : pods.stream().filter(p -> newUid.equals(DeploymentSync.controllerUid(p))).toList();
        AutoRollback.Rollback rollback = AutoRollback.decide(deployment, newRs, old, status, newPods, now);
        if (rollback != null) {
            // the failing rollout takes no further step; the next pass rolls back to the restored template
            status = DeploymentStatus.withCondition(status, Reasons.ROLLED_BACK, "True", rollback.reason(), rollback.message(), now);
            return new Plan(null, Map.of(), Map.of(), List.of(), revision, status, null, null, rollback);
        }
        return new Plan(create, scale, setRevision, delete, revision, status, markRolledOut, null, null);
    }

    /** Old ReplicaSets with no pods and no replicas, oldest first, beyond the history limit. */
    private static List<ObjectNode> prune(List<ReplicaSetView> old, int limit) {
        List<ReplicaSetView> empty = old.stream().filter(rs -> rs.specReplicas() == 0 && rs.replicas() == 0).toList();
        List<ObjectNode> delete = new ArrayList<>();
        for (int i = 0; i < empty.size() - limit; i++) delete.add(empty.get(i).object());
        return delete;
    }

    /**
     * Deployment annotations a new ReplicaSet does not inherit (Kubernetes' annotationsToSkip, plus
     * Shoal's per-object ones). The rest are copied, as Kubernetes does, so that {@code rollout undo},
     * which copies a ReplicaSet's annotations back, keeps the Deployment's own (such as the opt-ins).
     */
    static final java.util.Set<String> NOT_COPIED = java.util.Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", ReplicaSetView.REVISION,
            "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to",
            FencedWriter.EPOCH, FencedWriter.LEADER, ReplicaSetView.ROLLED_OUT, Canary.PASSED);

    static ObjectNode newReplicaSet(ObjectNode d, String hash, int replicas, String revision) {
        ObjectNode rs = Json.object();
        rs.put("apiVersion", "apps/v1");
        rs.put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", Meta.name(d) + "-" + hash);
        meta.put("namespace", Meta.namespace(d));
        ObjectNode template = ((ObjectNode) d.path("spec").path("template")).deepCopy();
        ObjectNode templateLabels = ((ObjectNode) template.with("metadata")).with("labels");
        templateLabels.put(TemplateHash.LABEL, hash);
        meta.set("labels", templateLabels.deepCopy());
        ObjectNode annotations = meta.putObject("annotations");
        Meta.annotations(d).forEach((k, v) -> { if (!NOT_COPIED.contains(k)) annotations.put(k, v); });
        annotations.put(ReplicaSetView.REVISION, revision);
        ArrayNode owners = meta.putArray("ownerReferences");
        owners.addObject()
                .put("apiVersion", "apps/v1").put("kind", "Deployment")
                .put("name", Meta.name(d)).put("uid", Meta.uid(d))
                .put("controller", true).put("blockOwnerDeletion", true);
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", replicas);
        spec.put("minReadySeconds", d.path("spec").path("minReadySeconds").asInt(0));
        ObjectNode selector = ((ObjectNode) d.path("spec").path("selector")).deepCopy();
        selector.with("matchLabels").put(TemplateHash.LABEL, hash);
        spec.set("selector", selector);
        spec.set("template", template);
        return rs;
    }
}
