package dev.shoal.scheduling.cluster;

import dev.shoal.scheduling.Bid;
import dev.shoal.scheduling.NodeState;
import java.io.Serializable;
import java.util.List;

/**
 * One node's answer: its bids, in the order of the request's pods, and the state it bid from (the
 * leader re-scores that state as it awards, and takes its allocatable as the reservation limits).
 */
public record NodeBids(NodeState state, List<Bid> bids) implements Serializable {
    public NodeBids {
        bids = List.copyOf(bids);
    }
}
