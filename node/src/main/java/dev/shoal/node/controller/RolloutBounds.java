package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The two numbers a rolling update must respect, resolved against the desired replicas
 * (Kubernetes' {@code ResolveFenceposts}): maxSurge rounds up, maxUnavailable rounds down, and
 * if both come out 0 maxUnavailable becomes 1 so the rollout can move at all.
 *
 * <p>Worked example: 10 replicas, maxSurge 25%, maxUnavailable 25% -> surge ceil(2.5) = 3,
 * unavailable floor(2.5) = 2: never more than 13 pods, never fewer than 8 available.
 */
public record RolloutBounds(int maxSurge, int maxUnavailable) {
    static RolloutBounds of(JsonNode deploymentSpec) {
        int replicas = deploymentSpec.path("replicas").asInt(1);
        JsonNode rolling = deploymentSpec.path("strategy").path("rollingUpdate");
        int surge = IntOrPercent.resolve(rolling.get("maxSurge"), replicas, true, ceilQuarter(replicas));
        int unavailable = IntOrPercent.resolve(rolling.get("maxUnavailable"), replicas, false, replicas / 4);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return new RolloutBounds(surge, unavailable);
    }

    private static int ceilQuarter(int n) {
        return (n + 3) / 4;
    }
}
