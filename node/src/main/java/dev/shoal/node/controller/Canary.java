package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;

import java.util.List;

/**
 * Shoal's opt-in canary step ({@code shoal.dev/canary-pods: "N"}), pure: a rollout of a new
 * revision creates at most N new pods, and once N of them are available the leader pauses the
 * Deployment ({@code spec.paused}, Progressing reason {@link Reasons#CANARY_PAUSED}) until someone
 * runs {@code rollout resume}. The same write names the new ReplicaSet in {@link #PASSED}, so the
 * canary is over for that revision and, once resumed, the rollout carries on as a plain rolling
 * update. One write: a pause without the mark would pause again after the resume, a mark without
 * the pause would skip the canary.
 *
 * <p>Worked example: 6 replicas, maxSurge 1, maxUnavailable 0, canary 2. New 0 -> 1 (7 pods);
 * once it is available old 6 -> 5, then new 1 -> 2, and 2 is the cap; once both are available
 * the Deployment pauses with 2 new and 5 old pods, 7 in all, all available. The cap is why a
 * large maxSurge (25 % of 40 is 10) still makes only N canary pods.
 *
 * <p>No canary for a Deployment's first revision (nothing old to compare with), for a revision
 * that was once fully available (a rollback, automatic or by hand, should not stop halfway),
 * or when N is not below the desired replicas.
 */
final class Canary {
    static final String PODS = "shoal.dev/canary-pods";
    /** On the Deployment: the ReplicaSet whose canary pause has happened; the canary is over for that revision. */
    static final String PASSED = "shoal.dev/canary-passed";

    private Canary() {}

    /**
     * The canary size that applies to this rollout now, or 0 for none.
     * @param newRs the current template's ReplicaSet, or null if it is about to be created
     */
    static int pods(ObjectNode deployment, ReplicaSetView newRs, List<ReplicaSetView> old) {
        int n;
        try {
            n = Integer.parseInt(Meta.annotations(deployment).getOrDefault(PODS, "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
        int replicas = deployment.path("spec").path("replicas").asInt(1);
        if (n <= 0 || n >= replicas) return 0;
        if (newRs != null && (newRs.rolledOut() || newRs.name().equals(Meta.annotations(deployment).get(PASSED)))) return 0;
        boolean oldRunning = old.stream().anyMatch(rs -> rs.specReplicas() > 0);
        return oldRunning ? n : 0;
    }

    /** The new ReplicaSet's replicas, capped to the canary (never below what it already has). */
    static int cap(int wanted, int current, int canary) {
        return canary == 0 ? wanted : Math.min(wanted, Math.max(canary, current));
    }

    /** Whether the canary's pods are all available: time to pause. */
    static boolean reached(ReplicaSetView newRs, int canary) {
        return canary > 0 && newRs != null && newRs.available() >= canary;
    }

    static String message(ReplicaSetView newRs, int canary) {
        return "Canary step: " + canary + " new pod(s) of ReplicaSet \"" + newRs.name()
                + "\" are available; the rollout waits for 'rollout resume'";
    }
}
