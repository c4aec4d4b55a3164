package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A Deployment's status as Kubernetes reports it: counts summed over its ReplicaSets, and the
 * {@code Available} and {@code Progressing} conditions, including {@code ProgressDeadlineExceeded}
 * when a rollout has made no progress for {@code progressDeadlineSeconds}. Pure.
 *
 * <p>Shoal's opt-ins add two things: while a canary step holds a paused Deployment, Progressing
 * keeps the reason {@link Reasons#CANARY_PAUSED} (a pause by hand reads {@link Reasons#PAUSED});
 * and after an automatic rollback a {@link Reasons#ROLLED_BACK} condition stays for as long as
 * the revision it went back to is the current one.
 */
final class DeploymentStatus {
    private DeploymentStatus() {}

    static ObjectNode compute(ObjectNode d, ReplicaSetView newRs, List<ReplicaSetView> old, boolean acting, Instant now) {
        JsonNode spec = d.path("spec");
        int desired = spec.path("replicas").asInt(1);
        int replicas = 0, ready = 0, available = 0;
        for (ReplicaSetView rs : old) {
            replicas += rs.replicas();
            ready += rs.ready();
            available += rs.available();
        }
        int updated = 0;
        if (newRs != null) {
            replicas += newRs.replicas();
            ready += newRs.ready();
            available += newRs.available();
            updated = newRs.replicas();
        }
        ObjectNode previous = d.path("status") instanceof ObjectNode p ? p : Json.object();
        ObjectNode status = Json.object();
        status.put("observedGeneration", Meta.generation(d));
        status.put("replicas", replicas);
        status.put("updatedReplicas", updated);
        status.put("readyReplicas", ready);
        status.put("availableReplicas", available);
        status.put("unavailableReplicas", Math.max(0, desired - available));
        if (previous.has("collisionCount")) status.set("collisionCount", previous.get("collisionCount"));

        Instant t = now.truncatedTo(ChronoUnit.SECONDS);
        ArrayNode conditions = status.putArray("conditions");
        int minAvailable = "Recreate".equals(spec.path("strategy").path("type").asText())
                ? desired : desired - RolloutBounds.of(spec).maxUnavailable();
        boolean hasMin = available >= minAvailable;
        conditions.add(condition(previous, "Available", hasMin ? "True" : "False",
                hasMin ? Reasons.MIN_AVAILABLE : Reasons.MIN_UNAVAILABLE,
                hasMin ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", t, false));

        String rsName = newRs != null ? newRs.name() : Meta.name(d);
        boolean complete = complete(desired, newRs, old);
        boolean progressed = acting || !sameCounts(previous, status);
        ObjectNode prevProgressing = find(previous, "Progressing");
        if (spec.path("paused").asBoolean(false)) {
            // the canary's reason stays until resumed; a pause by hand never becomes a canary's
            boolean canary = prevProgressing != null && Reasons.CANARY_PAUSED.equals(prevProgressing.path("reason").asText());
            conditions.add(canary ? prevProgressing.deepCopy()
                    : condition(previous, "Progressing", "Unknown", Reasons.PAUSED, "Deployment is paused", t, false));
        } else if (complete) {
            conditions.add(condition(previous, "Progressing", "True", Reasons.NEW_RS_AVAILABLE,
                    "ReplicaSet \"" + rsName + "\" has successfully progressed.", t, false));
        } else if (progressed || prevProgressing == null) {
            conditions.add(condition(previous, "Progressing", "True", Reasons.RS_UPDATED,
                    "ReplicaSet \"" + rsName + "\" is progressing.", t, true));
        } else {
            Instant lastUpdate = Instant.parse(prevProgressing.path("lastUpdateTime").asText(t.toString()));
            int deadline = spec.path("progressDeadlineSeconds").asInt(600);
            boolean timedOut = Reasons.PROGRESS_DEADLINE_EXCEEDED.equals(prevProgressing.path("reason").asText())
                    || lastUpdate.plusSeconds(deadline).isBefore(now);
            if (timedOut) {
                conditions.add(condition(previous, "Progressing", "False", Reasons.PROGRESS_DEADLINE_EXCEEDED,
                        "ReplicaSet \"" + rsName + "\" has timed out progressing.", t, false));
            } else {
                conditions.add(prevProgressing.deepCopy());
            }
        }
        ObjectNode rolledBack = find(previous, Reasons.ROLLED_BACK);
        if (rolledBack != null && newRs != null && rolledBack.path("message").asText().contains("ReplicaSet \"" + newRs.name() + "\"")) {
            conditions.add(rolledBack.deepCopy());
        }
        return status;
    }

    /** The rollout is done: every desired replica is the new ReplicaSet's and available, and no old pod is left. */
    static boolean complete(int desired, ReplicaSetView newRs, List<ReplicaSetView> old) {
        if (newRs == null) return false;
        int replicas = newRs.replicas() + old.stream().mapToInt(ReplicaSetView::replicas).sum();
        return newRs.replicas() == desired && replicas == desired && newRs.available() == desired
                && old.stream().allMatch(rs -> rs.replicas() == 0);
    }

    /** The message of a condition of {@code status}, "" if it has none. */
    static String message(ObjectNode status, String type) {
        ObjectNode c = find(status, type);
        return c == null ? "" : c.path("message").asText();
    }

    /** {@code status} with the condition of {@code type} set (replaced or added), as a decision's record. */
    static ObjectNode withCondition(ObjectNode status, String type, String value, String reason, String message, Instant now) {
        ObjectNode next = status.deepCopy();
        ArrayNode conditions = next.withArray("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (type.equals(conditions.get(i).path("type").asText())) conditions.remove(i);
        }
        conditions.add(condition(status, type, value, reason, message, now.truncatedTo(ChronoUnit.SECONDS), true));
        return next;
    }

    private static boolean sameCounts(ObjectNode a, ObjectNode b) {
        for (String f : new String[]{"replicas", "updatedReplicas", "readyReplicas", "availableReplicas"}) {
            if (a.path(f).asInt(-1) != b.path(f).asInt(-1)) return false;
        }
        return true;
    }

    private static ObjectNode find(ObjectNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals(type) && c instanceof ObjectNode o) return o;
        }
        return null;
    }

    /** A condition that keeps its lastTransitionTime while its status does not change. */
    private static ObjectNode condition(ObjectNode previous, String type, String status, String reason, String message,
                                        Instant now, boolean touch) {
        ObjectNode prev = find(previous, type);
        boolean same = prev != null && prev.path("status").asText().equals(status);
        boolean sameReason = same && prev.path("reason").asText().equals(reason) && prev.path("message").asText().equals(message);
        ObjectNode c = Json.object();
        c.put("type", type);
        c.put("status", status);
        c.put("lastUpdateTime", sameReason && !touch ? prev.path("lastUpdateTime").asText(now.toString()) : now.toString());
        c.put("lastTransitionTime", same ? prev.path("lastTransitionTime").asText(now.toString()) : now.toString());
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }
}
