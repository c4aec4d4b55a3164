package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** One step of a rollout strategy: the replica counts to set now. Pure; one class per strategy. */
interface RolloutStep {
    /**
     * @param spec   the Deployment's spec
     * @param newRs  the ReplicaSet of the current template
     * @param old    every other ReplicaSet, oldest first
     * @return ReplicaSet name -> new spec.replicas, for those that change (empty: nothing to do now)
     */
    Map<String, Integer> step(JsonNode spec, ReplicaSetView newRs, List<ReplicaSetView> old);

    /** spec.replicas for a brand-new ReplicaSet of the current template. */
    int initialReplicas(JsonNode spec, List<ReplicaSetView> old);
}
