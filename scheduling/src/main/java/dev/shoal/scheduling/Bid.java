package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's answer for one pod: either a score with its breakdown, or the reasons it cannot take
 * the pod. Kept whole so {@code shoal describe pod} can say why a pod went where it went, and why
 * it is Pending.
 *
 * @param node the bidding node
 * @param podKey the pod this bid is for, so bids can be matched to pods after crossing the network
 * @param feasible true if every filter passed
 * @param score 0..100, the weighted mean of the breakdown; 0 when not feasible
 * @param rejections empty when feasible; otherwise the failing filter's reason
 * @param scoreBreakdown scorer name to its unweighted 0..100 score, in pipeline order; empty when
 *     not feasible
 */
public record Bid(
        String node,
        String podKey,
        boolean feasible,
        double score,
        List<String> rejections,
        Map<String, Double> scoreBreakdown) implements Serializable {

    public Bid {
        rejections = List.copyOf(rejections);
        scoreBreakdown = Collections.unmodifiableMap(new LinkedHashMap<>(scoreBreakdown));
        if (feasible != rejections.isEmpty()) {
            throw new IllegalArgumentException("bid: feasible exactly when there are no rejections");
        }
    }

    public static Bid rejected(String node, String podKey, String reason) {
        return new Bid(node, podKey, false, 0, List.of(reason), Map.of());
    }

    /** The same bid for another pod of the same shape (see {@link PodRequest#shape}). */
    public Bid forPod(String otherPodKey) {
        return otherPodKey.equals(podKey) ? this
                : new Bid(node, otherPodKey, feasible, score, rejections, scoreBreakdown);
    }
}
