package dev.shoal.scheduling;

import static dev.shoal.scheduling.Fixtures.node;
import static dev.shoal.scheduling.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BidPipelineTest {
    private final BidPipeline pipeline = new BidPipeline();

    @Test
    void feasibleBidCarriesEveryScorerAndTheWeightedMean() {
        var bid = pipeline.bid(pod("ns/p", "ns/web", 1000, 1024), node("n1", 4000, 8));
        assertTrue(bid.feasible());
        assertEquals(List.of(), bid.rejections());
        assertEquals(List.of("LeastAllocated", "Spread", "ImageLocality", "PreferNoScheduleTaints"),
                List.copyOf(bid.scoreBreakdown().keySet()));
        // LeastAllocated (75 + 87.5) / 2 = 81.25 (w1), Spread 100 (w2), ImageLocality 0 (w1), taints 100 (w3)
        assertEquals((81.25 + 200 + 0 + 300) / 7, bid.score(), 1e-9);
        assertEquals("ns/p", bid.podKey());
        assertEquals("n1", bid.node());
    }

    @Test
    void rejectionIsTheFirstFailingFilterCheapestFirst() {
        var tiny = node("n1", 100, 1).withLabels(Map.of("zone", "a"));
        var big = pod("ns/p", "", 8000, 4096);
        assertEquals(List.of("insufficient cpu"), pipeline.bid(big, tiny).rejections());
        // a node that can never run the pod says so rather than "insufficient cpu"
        assertEquals(List.of(NodeSelectorFilter.REASON),
                pipeline.bid(big.withNodeSelector(Map.of("zone", "b")), tiny).rejections());
        assertEquals(List.of(NodeReadyFilter.REASON),
                pipeline.bid(big.withNodeSelector(Map.of("zone", "b")), tiny.withReady(false)).rejections());
        var rejected = pipeline.bid(big, tiny);
        assertFalse(rejected.feasible());
        assertEquals(0, rejected.score());
        assertEquals(Map.of(), rejected.scoreBreakdown());
    }

    @Test
    void batchBidsAreIndependentAndInOrder() {
        var n = node("n1", 1000, 8);
        var pods = List.of(pod("ns/a", "ns/web", 600, 100), pod("ns/b", "ns/web", 600, 100),
                pod("ns/c", "ns/db", 2000, 100));
        var bids = pipeline.bidBatch(pods, n);
        assertEquals(List.of("ns/a", "ns/b", "ns/c"), bids.stream().map(Bid::podKey).toList());
        // each as if it were alone: the node offers both 600m pods though it holds only one;
        // the leader's auction accounts for that
        assertTrue(bids.get(0).feasible());
        assertTrue(bids.get(1).feasible());
        assertEquals(bids.get(0).score(), bids.get(1).score());
        assertEquals(List.of("insufficient cpu"), bids.get(2).rejections());
    }

    @Test
    void capacityForIsTheTightestResource() {
        var n = NodeState.empty("n", 4000, 10 * Fixtures.GI, 110);
        assertEquals(4, pipeline.capacityFor(pod("p", "", 1000, 1024), n));   // cpu bound
        assertEquals(2, pipeline.capacityFor(pod("p", "", 100, 4096), n));    // memory bound
        assertEquals(110, pipeline.capacityFor(pod("p", "", 0, 0), n));       // pod slots bound
        assertEquals(1, pipeline.capacityFor(pod("p", "", 100, 100).withHostPorts(HostPort.tcp(80)), n));
        assertEquals(0, pipeline.capacityFor(pod("p", "", 5000, 100), n));
        assertEquals(0, pipeline.capacityFor(pod("p", "", 100, 100), n.withReady(false)));
    }
}
