package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strategy: RollingUpdate}, after Kubernetes' {@code rolling.go}: scale the new
 * ReplicaSet up within maxSurge, then scale old ones down within maxUnavailable, one step per
 * reconcile; each step is recomputed from fresh counts, so a new leader simply carries on.
 *
 * <p>Worked example: 10 replicas, maxSurge 3, maxUnavailable 2 (so at most 13 pods, at least 8
 * available), all 10 on the old ReplicaSet.
 * <ol>
 *   <li>Scale up: 10 pods exist (by spec), 13 allowed: new 0 -> 3.</li>
 *   <li>Scale down: 13 pods, 8 must stay available, the 3 new ones are not available yet, so
 *       13 - 8 - 3 = 2 may go: old 10 -> 8.</li>
 *   <li>Scale up again: 11 by spec, 13 allowed: new 3 -> 5. Then wait: 13 pods, 8 must stay
 *       available and 5 new are not yet, 13 - 8 - 5 = 0 may go.</li>
 *   <li>Once the 5 new are available: 13 - 8 - 0 = 5 may go: old 8 -> 3; and so on until
 *       new 10, old 0.</li>
 * </ol>
 */
final class RollingUpdate implements RolloutStep {

    @Override
    public int initialReplicas(JsonNode spec, List<ReplicaSetView> old) {
        int replicas = spec.path("replicas").asInt(1);
        int current = old.stream().mapToInt(ReplicaSetView::specReplicas).sum();
        int maxTotal = replicas + RolloutBounds.of(spec).maxSurge();
        return Math.max(0, Math.min(replicas, maxTotal - current));
    }

    @Override
    public Map<String, Integer> step(JsonNode spec, ReplicaSetView newRs, List<ReplicaSetView> old) {
        int replicas = spec.path("replicas").asInt(1);
        RolloutBounds bounds = RolloutBounds.of(spec);
        Map<String, Integer> changes = new LinkedHashMap<>();

        // Scale the new ReplicaSet up, as far as maxSurge allows.
        if (newRs.specReplicas() > replicas) {
            changes.put(newRs.name(), replicas);
            return changes;
        }
        if (newRs.specReplicas() < replicas) {
            int current = newRs.specReplicas() + old.stream().mapToInt(ReplicaSetView::specReplicas).sum();
            int maxTotal = replicas + bounds.maxSurge();
            if (current < maxTotal) {
                changes.put(newRs.name(), newRs.specReplicas() + Math.min(maxTotal - current, replicas - newRs.specReplicas()));
                return changes;
            }
        }

        // Scale old ReplicaSets down, as far as maxUnavailable allows.
        int allPods = newRs.replicas() + old.stream().mapToInt(ReplicaSetView::replicas).sum();
        int minAvailable = replicas - bounds.maxUnavailable();
        int newUnavailable = Math.max(0, newRs.specReplicas() - newRs.available());
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) return changes;

        // First the old pods that are not available anyway: removing them costs no availability.
        Map<String, Integer> target = new LinkedHashMap<>();
        for (ReplicaSetView rs : old) target.put(rs.name(), rs.specReplicas());
        int budget = maxScaledDown;
        for (ReplicaSetView rs : old) {
            if (budget <= 0) break;
            int unhealthy = Math.max(0, target.get(rs.name()) - rs.available());
            int down = Math.min(unhealthy, budget);
            if (down > 0) {
                target.put(rs.name(), target.get(rs.name()) - down);
                budget -= down;
            }
        }
        // Then available ones, oldest first, keeping minAvailable.
        int available = newRs.available() + old.stream().mapToInt(ReplicaSetView::available).sum();
        int canRemove = Math.min(available - minAvailable, budget);
        for (ReplicaSetView rs : old) {
            if (canRemove <= 0) break;
            int down = Math.min(target.get(rs.name()), canRemove);
            if (down > 0) {
                target.put(rs.name(), target.get(rs.name()) - down);
                canRemove -= down;
            }
        }
        for (ReplicaSetView rs : old) {
            if (target.get(rs.name()) != rs.specReplicas()) changes.put(rs.name(), target.get(rs.name()));
        }
        return changes;
    }
}
