package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strategy: Recreate}: scale every old ReplicaSet to zero, wait until their pods are gone,
 * then scale the new one up. There is downtime by design; nothing old and new ever run together.
 */
final class Recreate implements RolloutStep {

    @Override
    public int initialReplicas(JsonNode spec, List<ReplicaSetView> old) {
        boolean oldRunning = old.stream().anyMatch(rs -> rs.specReplicas() > 0 || rs.replicas() > 0);
        return oldRunning ? 0 : spec.path("replicas").asInt(1);
    }

    @Override
    public Map<String, Integer> step(JsonNode spec, ReplicaSetView newRs, List<ReplicaSetView> old) {
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (ReplicaSetView rs : old) if (rs.specReplicas() > 0) changes.put(rs.name(), 0);
        if (!changes.isEmpty()) return changes;
        if (old.stream().anyMatch(rs -> rs.replicas() > 0)) return changes;  // old pods still terminating
        int replicas = spec.path("replicas").asInt(1);
        if (newRs.specReplicas() != replicas) changes.put(newRs.name(), replicas);
        return changes;
    }
}
