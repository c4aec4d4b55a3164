package dev.shoal.scheduling.cluster;

import java.io.Serializable;
import java.util.List;

/** One member's answer to a call for bids: one entry per node it hosts (its own and simulated ones). */
public record BidReply(List<NodeBids> nodes) implements Serializable {
    public BidReply {
        nodes = List.copyOf(nodes);
    }
}
