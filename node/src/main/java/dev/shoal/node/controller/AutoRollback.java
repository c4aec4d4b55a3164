package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Shoal's opt-in automatic rollback ({@code shoal.dev/auto-rollback: "true"}), a pure decision:
 * when the current revision's rollout has exceeded its progress deadline, or its new pods keep
 * failing (one has been Running yet not Ready for {@code shoal.dev/auto-rollback-unready-seconds},
 * default 60, or has restarted {@link #RESTARTS} times), the Deployment's template goes back to the
 * last good revision: the newest older ReplicaSet that was once fully available (it carries
 * {@link ReplicaSetView#ROLLED_OUT}). That is what {@code rollout undo} does, decided by the
 * leader instead of a user; the rolling update back then follows maxSurge and maxUnavailable like
 * any other.
 *
 * <p>Never from a revision that was itself once fully available: if a good revision stalls the
 * trouble is elsewhere (capacity, a lost node), and going back further would flap between
 * revisions. Never while paused, and never without a good revision to go back to.
 */
final class AutoRollback {
    static final String ENABLED = "shoal.dev/auto-rollback";
    static final String UNREADY_SECONDS = "shoal.dev/auto-rollback-unready-seconds";
    /** A minute unready is long for a new pod yet short of the 600 s progress deadline it would otherwise wait for. */
    static final int DEFAULT_UNREADY_SECONDS = 60;
    /** Three restarts: the kubelet is in CrashLoopBackOff (10 s, 20 s, 40 s), the pod will not come good by itself. */
    static final int RESTARTS = 3;

    private AutoRollback() {}

    /**
     * @param fromRevision  the failing revision
     * @param toRevision    the revision rolled back to (its ReplicaSet takes the next revision number once current)
     * @param replicaSet    the ReplicaSet of {@code toRevision}
     * @param template      the Deployment's new {@code spec.template}
     * @param reason        why, as a condition reason ({@link Reasons#PROGRESS_DEADLINE_EXCEEDED} or {@link Reasons#NEW_PODS_FAILING})
     * @param message       the same for people, naming both revisions
     */
    record Rollback(long fromRevision, long toRevision, String replicaSet, ObjectNode template, String reason, String message) {}

    static boolean enabled(ObjectNode deployment) {
        return "true".equals(Meta.annotations(deployment).get(ENABLED));
    }

    /**
     * @param status  the Deployment's status as just computed (its Progressing condition says whether the deadline passed)
     * @param newPods the pods of {@code newRs}
     * @return the rollback to make now, or null
     */
    static Rollback decide(ObjectNode deployment, ReplicaSetView newRs, List<ReplicaSetView> old, ObjectNode status,
                           List<ObjectNode> newPods, Instant now) {
        if (!enabled(deployment) || newRs == null || newRs.rolledOut()) return null;
        if (deployment.path("spec").path("paused").asBoolean(false)) return null;
        String reason;
        String why;
        if (Reasons.PROGRESS_DEADLINE_EXCEEDED.equals(progressingReason(status))) {
            reason = Reasons.PROGRESS_DEADLINE_EXCEEDED;
            why = "ReplicaSet \"" + newRs.name() + "\" has timed out progressing";
        } else {
            why = failing(newPods, unreadySeconds(deployment), now);
            if (why == null) return null;
            reason = Reasons.NEW_PODS_FAILING;
        }
        ReplicaSetView good = old.stream().filter(ReplicaSetView::rolledOut)
                .max(Comparator.comparingLong(ReplicaSetView::revision)).orElse(null);
        if (good == null) return null;
        ObjectNode template = ((ObjectNode) good.object().path("spec").path("template")).deepCopy();
        if (template.path("metadata").path("labels") instanceof ObjectNode labels) labels.remove(TemplateHash.LABEL);
        String message = "Rolled back automatically from revision " + newRs.revision() + " to revision " + good.revision()
                + " (ReplicaSet \"" + good.name() + "\"): " + why;
        return new Rollback(newRs.revision(), good.revision(), good.name(), template, reason, message);
    }

    /** Why the new pods count as failing, or null if they do not (yet). */
    static String failing(List<ObjectNode> newPods, int unreadySeconds, Instant now) {
        for (ObjectNode pod : newPods) {
            if (Meta.isDeleting(pod)) continue;
            for (JsonNode c : pod.path("status").path("containerStatuses")) {
                if (c.path("restartCount").asInt() >= RESTARTS) {
                    return "pod \"" + Meta.name(pod) + "\" restarted " + c.path("restartCount").asInt() + " times";
                }
            }
            if (!"Running".equals(pod.path("status").path("phase").asText())) continue;
            JsonNode ready = condition(pod.path("status"), "Ready");
            if (ready == null || !"False".equals(ready.path("status").asText())) continue;
            Instant since = Instant.parse(ready.path("lastTransitionTime").asText(now.toString()));
            if (!since.plusSeconds(unreadySeconds).isAfter(now)) {
                return "pod \"" + Meta.name(pod) + "\" has not been Ready for " + unreadySeconds + " s";
            }
        }
        return null;
    }

    static int unreadySeconds(ObjectNode deployment) {
        try {
            return Math.max(1, Integer.parseInt(Meta.annotations(deployment).getOrDefault(UNREADY_SECONDS, "")));
        } catch (NumberFormatException e) {
            return DEFAULT_UNREADY_SECONDS;
        }
    }

    private static String progressingReason(ObjectNode status) {
        JsonNode c = condition(status, "Progressing");
        return c == null ? "" : c.path("reason").asText();
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) return c;
        }
        return null;
    }
}
