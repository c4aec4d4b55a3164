package dev.shoal.scheduling;

import static dev.shoal.scheduling.Fixtures.bids;
import static dev.shoal.scheduling.Fixtures.byName;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Offline quality check: the one-round auction against a centralised best-fit-decreasing placement
 * with perfect knowledge, on a seeded mixed cluster that cannot hold every pod.
 */
class PlacementQualityTest {
    private final BidPipeline pipeline = new BidPipeline();

    /** Overloaded: not everything fits, so the count placed is what matters. */
    @Test
    void overloadedAuctionPlacesAtLeastAsManyAsBestFitDecreasingMinusTwoPercent() {
        for (long seed : new long[] {1, 2, 3}) {
            Outcome o = compare(seed, Workload.Load.HEAVY);
            assertTrue(o.auctionPlaced >= o.bestFitPlaced - o.pods * 0.02,
                    "auction placed " + o.auctionPlaced + ", best fit " + o.bestFitPlaced);
        }
    }

    /** Room to spare: everything fits, so balance is what matters, and packing is the wrong goal. */
    @Test
    void withRoomToSpareAuctionPlacesEverythingAndBalancesBetter() {
        for (long seed : new long[] {1, 2, 3}) {
            Outcome o = compare(seed, Workload.Load.LIGHT);
            assertTrue(o.auctionPlaced >= o.bestFitPlaced - o.pods * 0.02,
                    "auction placed " + o.auctionPlaced + ", best fit " + o.bestFitPlaced);
            assertTrue(o.auctionStddev < o.bestFitStddev, "auction should balance better than packing");
        }
    }

    private record Outcome(int pods, int auctionPlaced, double auctionStddev, int bestFitPlaced, double bestFitStddev) {}

    private Outcome compare(long seed, Workload.Load load) {
        {
            Random rnd = new Random(seed);
            List<NodeState> nodes = Workload.nodes(100, rnd);
            List<PodRequest> pods = Workload.pods(1000, 50, load, rnd);

            AuctionResult r = new Auction(pipeline).award(pods, bids(pipeline, pods, nodes), byName(nodes));
            Map<String, NodeState> auctioned = apply(nodes, pods, r);
            Map<String, NodeState> packed = bestFitDecreasing(nodes, pods);
            int bestFitPlaced = packed.values().stream().mapToInt(NodeState::reservedPods).sum();

            Outcome o = new Outcome(pods.size(), r.awards().size(), cpuUtilisationStddev(auctioned),
                    bestFitPlaced, cpuUtilisationStddev(packed));
            System.out.printf("%s seed %d, 100 nodes, 1000 pods, demand %.0f%% of cpu: auction placed %d "
                            + "(rejected %d, %.0f%% of cpu used), stddev(cpu util) %.3f; best-fit-decreasing placed %d "
                            + "(rejected %d, %.0f%% of cpu used), stddev %.3f%n",
                    load, seed, 100.0 * demandCpu(pods) / capacityCpu(nodes), o.auctionPlaced,
                    o.pods - o.auctionPlaced, used(auctioned), o.auctionStddev, o.bestFitPlaced,
                    o.pods - o.bestFitPlaced, used(packed), o.bestFitStddev);
            assertTrue(auctioned.values().stream().allMatch(n -> n.freeMilliCpu() >= 0 && n.freeMemoryBytes() >= 0));
            return o;
        }
    }

    private static Map<String, NodeState> apply(List<NodeState> nodes, List<PodRequest> pods, AuctionResult r) {
        Map<String, PodRequest> byKey = new HashMap<>();
        pods.forEach(p -> byKey.put(p.podKey(), p));
        Map<String, NodeState> state = byName(nodes);
        for (Award a : r.awards()) {
            state.put(a.node(), state.get(a.node()).plus(byKey.get(a.podKey())));
        }
        return state;
    }

    /**
     * The classic bin-packing baseline: largest pods first, each onto the feasible node it leaves
     * with the least room (cpu and memory as fractions of the node).
     */
    private Map<String, NodeState> bestFitDecreasing(List<NodeState> nodes, List<PodRequest> pods) {
        long cpu = capacityCpu(nodes);
        long memory = nodes.stream().mapToLong(NodeState::allocatableMemoryBytes).sum();
        List<PodRequest> order = new ArrayList<>(pods);
        order.sort(Comparator.comparingDouble((PodRequest p) ->
                Math.max((double) p.milliCpu() / cpu, (double) p.memoryBytes() / memory)).reversed());
        List<NodeState> state = new ArrayList<>(nodes);
        for (PodRequest p : order) {
            int best = -1;
            double bestLeft = Double.MAX_VALUE;
            for (int i = 0; i < state.size(); i++) {
                NodeState n = state.get(i);
                if (!pipeline.bid(p, n).feasible()) {
                    continue;
                }
                double left = (double) (n.freeMilliCpu() - p.milliCpu()) / n.allocatableMilliCpu()
                        + (double) (n.freeMemoryBytes() - p.memoryBytes()) / n.allocatableMemoryBytes();
                if (left < bestLeft) {
                    bestLeft = left;
                    best = i;
                }
            }
            if (best >= 0) {
                state.set(best, state.get(best).plus(p));
            }
        }
        return byName(state);
    }

    private static long capacityCpu(List<NodeState> nodes) {
        return nodes.stream().mapToLong(NodeState::allocatableMilliCpu).sum();
    }

    private static long demandCpu(List<PodRequest> pods) {
        return pods.stream().mapToLong(PodRequest::milliCpu).sum();
    }

    private static double used(Map<String, NodeState> nodes) {
        return 100.0 * nodes.values().stream().mapToLong(NodeState::reservedMilliCpu).sum()
                / nodes.values().stream().mapToLong(NodeState::allocatableMilliCpu).sum();
    }

    static double cpuUtilisationStddev(Map<String, NodeState> nodes) {
        double[] u = nodes.values().stream()
                .mapToDouble(n -> (double) n.reservedMilliCpu() / n.allocatableMilliCpu()).toArray();
        double mean = 0;
        for (double x : u) {
            mean += x / u.length;
        }
        double var = 0;
        for (double x : u) {
            var += (x - mean) * (x - mean) / u.length;
        }
        return Math.sqrt(var);
    }
}
