package dev.shoal.scheduling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a node bids: filters (can it run here?) then weighted scorers (how good is it?), after Nomad's
 * {@code scheduler/stack.go}. Stateless and thread-safe; the leader runs the same pipeline when it
 * re-scores a node inside an {@link Auction}, so a node and the leader always agree on a score.
 */
public final class BidPipeline {
    private final List<NodeFilter> filters;
    private final List<WeightedScorer> scorers;
    private final int totalWeight;

    /** Shoal's scheduling policy, in one place. */
    public BidPipeline() {
        this(List.of(
                        // cheapest first, and a node that can never run the pod says so
                        // before one that merely has no room right now
                        new NodeReadyFilter(),        // a flag
                        new NodeSelectorFilter(),     // a few label lookups
                        new NodeAffinityFilter(),     // expressions over labels
                        new TaintsFilter(),           // taints x tolerations, both short lists
                        new HostPortsFilter(),        // set lookups
                        // then resources, which change with every reservation
                        new PodCountFilter(),
                        new CpuFilter(),
                        new MemoryFilter()),
                List.of(
                        // balance load; the baseline everything else is weighed against
                        new WeightedScorer(new LeastAllocatedScorer(), 1),
                        // twice balance: losing a node should cost a Deployment few replicas,
                        // which is worth a less even spread of cpu and memory (Kubernetes weighs
                        // PodTopologySpread 2 against NodeResourcesFit 1 for the same reason)
                        new WeightedScorer(new SpreadScorer(), 2),
                        // a tie-breaker: a cached image saves the pull, but never worth crowding
                        new WeightedScorer(new ImageLocalityScorer(), 1),
                        // Kubernetes' TaintToleration weight: an operator's "avoid this node"
                        // outweighs everything but a hard filter
                        new WeightedScorer(new PreferNoScheduleTaintsScorer(), 3)));
    }

    /** A custom policy, for tests and experiments. */
    public BidPipeline(List<NodeFilter> filters, List<WeightedScorer> scorers) {
        this.filters = List.copyOf(filters);
        this.scorers = List.copyOf(scorers);
        this.totalWeight = this.scorers.stream().mapToInt(WeightedScorer::weight).sum();
    }

    /**
     * This node's bid for one pod, from the node's own state: the first rejection in filter order,
     * or a 0..100 score (weighted mean of the scorers) with each scorer's unweighted score.
     */
    public Bid bid(PodRequest pod, NodeState node) {
        Optional<String> rejection = firstRejection(pod, node);
        if (rejection.isPresent()) {
            return Bid.rejected(node.name(), pod.podKey(), rejection.get());
        }
        Map<String, Double> breakdown = new LinkedHashMap<>();
        double weighted = 0;
        for (WeightedScorer ws : scorers) {
            double s = ws.scorer().score(pod, node);
            breakdown.put(ws.scorer().name(), s);
            weighted += s * ws.weight();
        }
        double score = totalWeight == 0 ? 0 : weighted / totalWeight;
        return new Bid(node.name(), pod.podKey(), true, score, List.of(), breakdown);
    }

    /**
     * The node's bids for a whole batch in one answer, in the order of {@code pods}.
     *
     * <p>Each bid is made as if that pod were the only one: the node does not split its free
     * resources among the pods of the batch. Only the leader sees every node's bids, so only it
     * can decide which subset each node gets; a node that pre-divided its room would guess at that
     * choice and either over-promise or under-bid. The leader accounts for its own awards
     * (see {@link Auction}), and the ledger's compare-and-set catches whatever both miss.
     * {@link #capacityFor} says how many identical pods the node could take.
     *
     * <p>Pods of the same shape (equal but for the pod key, e.g. replicas) are evaluated once.
     */
    public List<Bid> bidBatch(List<PodRequest> pods, NodeState node) {
        Map<PodRequest, Bid> byShape = new HashMap<>();
        List<Bid> bids = new ArrayList<>(pods.size());
        for (PodRequest pod : pods) {
            Bid bid = byShape.computeIfAbsent(pod.shape(), shape -> bid(pod, node));
            bids.add(bid.forPod(pod.podKey()));
        }
        return bids;
    }

    /**
     * How many pods identical to {@code pod} this node could take at once: 0 if it cannot take one,
     * otherwise the tightest of free pods, cpu and memory, and at most 1 if the pod binds host ports
     * (a second copy would collide with the first).
     */
    public int capacityFor(PodRequest pod, NodeState node) {
        if (firstRejection(pod, node).isPresent()) {
            return 0;
        }
        long k = node.freePods();
        if (pod.milliCpu() > 0) {
            k = Math.min(k, node.freeMilliCpu() / pod.milliCpu());
        }
        if (pod.memoryBytes() > 0) {
            k = Math.min(k, node.freeMemoryBytes() / pod.memoryBytes());
        }
        if (!pod.hostPorts().isEmpty()) {
            k = Math.min(k, 1);
        }
        return (int) k;
    }

    private Optional<String> firstRejection(PodRequest pod, NodeState node) {
        for (NodeFilter f : filters) {
            Optional<String> r = f.reject(pod, node);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }
}
