package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.Names;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * ReplicaSet -> Pods, as a pure function (after Kubernetes' {@code replica_set.go}):
 * get desired, get observed, return the changes. {@link ReplicaSetSync} applies the plan.
 */
public final class ReplicaSetReconciler {
    /** Most pods created or deleted in one pass: a huge scale-up proceeds in bounded steps (Kubernetes' burstReplicas). */
    static final int BURST = 500;

    private ReplicaSetReconciler() {}

    /**
     * @param create  new pods (named, labelled, owned; not yet bound to a node)
     * @param delete  pods to delete: surplus, and lost pods already marked
     * @param markLost pods whose node left the cluster: to be marked Failed/NodeLost
     * @param status  the ReplicaSet's new status
     */
    public record Plan(List<ObjectNode> create, List<ObjectNode> delete, List<ObjectNode> markLost, ObjectNode status) {
        public boolean changesPods() {
            return !create.isEmpty() || !delete.isEmpty() || !markLost.isEmpty();
        }
    }

    public static Plan plan(ObjectNode rs, List<ObjectNode> ownedPods, Set<String> liveNodes, Instant now, Random random) {
        int desired = rs.path("spec").path("replicas").asInt(1);
        List<ObjectNode> active = new ArrayList<>();
        List<ObjectNode> lost = new ArrayList<>();
        List<ObjectNode> delete = new ArrayList<>();
        for (ObjectNode pod : ownedPods) {
            if (Pods.isLost(pod, liveNodes)) lost.add(pod);
            else if (Pods.isActive(pod, liveNodes)) active.add(pod);
            else if (Reasons.NODE_LOST.equals(pod.path("status").path("reason").asText()) && !Meta.isDeleting(pod)) {
                delete.add(pod);  // marked lost on an earlier pass and replaced since: remove the record
            }
        }

        int diff = active.size() - desired;
        List<ObjectNode> create = new ArrayList<>();
        if (diff < 0) {
            // too few
            for (int i = 0; i < Math.min(-diff, BURST); i++) create.add(newPod(rs, now, random));
        } else if (diff > 0) {
            // too many: delete the ones whose loss hurts least first
            active.sort(DELETION_ORDER);
            delete.addAll(active.subList(0, Math.min(diff, BURST)));
        }
        return new Plan(create, delete, lost, status(rs, active, now));
    }

    /**
     * Kubernetes' order for choosing victims: not yet on a node, then not Ready, then more
     * restarts, then the newest (it has served least and its caches are coldest).
     */
    static final Comparator<ObjectNode> DELETION_ORDER = Comparator
            .comparing((ObjectNode p) -> !Pods.nodeName(p).isEmpty())
            .thenComparing(Pods::isReady)
            .thenComparing(Comparator.comparingInt(Pods::restarts).reversed())
            .thenComparing(Comparator.comparing(Pods::created).reversed());

    static ObjectNode status(ObjectNode rs, List<ObjectNode> active, Instant now) {
        int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
        int ready = 0, available = 0;
        for (ObjectNode p : active) {
            if (Pods.isReady(p)) ready++;
            if (Pods.isAvailable(p, minReady, now)) available++;
        }
        ObjectNode status = Json.object();
        status.put("replicas", active.size());
        status.put("fullyLabeledReplicas", active.size());
        status.put("readyReplicas", ready);
        status.put("availableReplicas", available);
        status.put("observedGeneration", Meta.generation(rs));
        return status;
    }

    /** A pod from the ReplicaSet's template, owned by it, named {@code RS-xxxxx}. */
    static ObjectNode newPod(ObjectNode rs, Instant now, Random random) {
        JsonNode template = rs.path("spec").path("template");
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", Meta.name(rs) + "-" + Names.generateSuffix(random));
        meta.put("namespace", Meta.namespace(rs));
        if (template.path("metadata").get("labels") != null) meta.set("labels", template.path("metadata").get("labels").deepCopy());
        if (template.path("metadata").get("annotations") != null) meta.set("annotations", template.path("metadata").get("annotations").deepCopy());
        ArrayNode owners = meta.putArray("ownerReferences");
        owners.addObject()
                .put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
                .put("name", Meta.name(rs)).put("uid", Meta.uid(rs))
                .put("controller", true).put("blockOwnerDeletion", true);
        pod.set("spec", template.path("spec").deepCopy());
        pod.putObject("status").put("phase", "Pending");
        return pod;
    }
}
