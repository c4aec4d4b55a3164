package dev.shoal.scheduling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders so tables read as data. */
final class Fixtures {
    static final long MI = 1024L * 1024;
    static final long GI = 1024 * MI;

    private Fixtures() {}

    /** A ready empty node with 110 pod slots, as kubelet's default. */
    static NodeState node(String name, long milliCpu, long memoryGi) {
        return NodeState.empty(name, milliCpu, memoryGi * GI, 110);
    }

    static PodRequest pod(String key, String owner, long milliCpu, long memoryMi) {
        return PodRequest.of(key, owner, milliCpu, memoryMi * MI);
    }

    static PodRequest pod(String key) {
        return pod(key, "ns/web", 100, 128);
    }

    /** Every node bids for every pod, as the nodes themselves would. */
    static Map<String, List<Bid>> bids(BidPipeline pipeline, List<PodRequest> pods, List<NodeState> nodes) {
        Map<String, List<Bid>> bids = new HashMap<>();
        for (NodeState n : nodes) {
            bids.put(n.name(), pipeline.bidBatch(pods, n));
        }
        return bids;
    }

    static Map<String, NodeState> byName(List<NodeState> nodes) {
        Map<String, NodeState> m = new HashMap<>();
        for (NodeState n : nodes) {
            m.put(n.name(), n);
        }
        return m;
    }
}
