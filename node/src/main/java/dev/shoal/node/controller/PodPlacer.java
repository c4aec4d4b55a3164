package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Places pending pods on nodes (distributed bidding, in module {@code scheduling}), with each
 * award already reserved on the winning node's ledger. Blocks on the cluster.
 */
interface PodPlacer {
    /**
     * @param pods      pending pods of one owner, as stored
     * @param ownerKey  "namespace/deployment" (spread is per owner)
     */
    Outcome place(List<ObjectNode> pods, String ownerKey);

    /** Gives back the reservation of a pod that is deleted or was never bound. */
    void release(String node, String podKey);

    /**
     * @param placed    pod name -> (node, explanation of the winning bid and the runners-up)
     * @param unplaced  pod name -> why no node could take it ("0/3 nodes are available: ...")
     */
    record Outcome(Map<String, Placement> placed, Map<String, String> unplaced) {}

    record Placement(String node, String explanation) {}
}
