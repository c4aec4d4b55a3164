package dev.shoal.scheduling.cluster;

import dev.shoal.scheduling.PodRequest;
import java.io.Serializable;
import java.util.List;

/**
 * A call for bids: the pods each called node bids for. The leader sends each pod shape once
 * ({@link PodRequest#shape}): replicas of one Deployment get identical bids, so 1,000 replicas of 20
 * Deployments cost 20 bids per node on the wire, not 1,000.
 */
public record BidRequest(List<PodRequest> pods) implements Serializable {
    public BidRequest {
        pods = List.copyOf(pods);
    }
}
