package dev.shoal.scheduling;

import static dev.shoal.scheduling.Fixtures.GI;
import static dev.shoal.scheduling.Fixtures.MI;
import static dev.shoal.scheduling.Fixtures.bids;
import static dev.shoal.scheduling.Fixtures.byName;
import static dev.shoal.scheduling.Fixtures.node;
import static dev.shoal.scheduling.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AuctionTest {
    private final BidPipeline pipeline = new BidPipeline();
    private final Auction auction = new Auction(pipeline);

    private AuctionResult run(List<PodRequest> pods, List<NodeState> nodes) {
        return auction.award(pods, bids(pipeline, pods, nodes), byName(nodes));
    }

    private static List<PodRequest> replicas(String owner, int n, long milliCpu, long memoryMi) {
        List<PodRequest> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(pod(owner + "-" + i, owner, milliCpu, memoryMi));
        }
        return pods;
    }

    private static Map<String, Integer> countByNode(AuctionResult r) {
        Map<String, Integer> counts = new TreeMap<>();
        r.awards().forEach(a -> counts.merge(a.node(), 1, Integer::sum));
        return counts;
    }

    /** n equal empty nodes, k replicas: every node gets k/n or k/n + 1. */
    private void checkEven(int nodeCount, int replicaCount) {
        List<NodeState> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(node("n" + i, 4000, 8));
        }
        var r = run(replicas("ns/web", replicaCount, 100, 128), nodes);
        assertEquals(List.of(), r.unplaced());
        var counts = countByNode(r);
        int min = replicaCount / nodeCount;
        int max = min + (replicaCount % nodeCount == 0 ? 0 : 1);
        assertEquals(Math.min(nodeCount, replicaCount), counts.size(), () -> counts.toString());
        assertTrue(counts.values().stream().allMatch(c -> c >= min && c <= max), () -> counts.toString());
    }

    @Test
    void nineReplicasOnThreeEqualNodesGoThreeThreeThree() {
        var nodes = List.of(node("a", 4000, 8), node("b", 4000, 8), node("c", 4000, 8));
        var r = run(replicas("ns/web", 9, 100, 128), nodes);
        assertEquals(Map.of("a", 3, "b", 3, "c", 3), countByNode(r));
        assertEquals(List.of(), r.unplaced());
    }

    @Test
    void replicasSpreadEvenlyOverEqualNodes() {
        checkEven(9, 9);
        checkEven(9, 20);
        checkEven(3, 2);
        checkEven(50, 1000);
    }

    @Test
    void awardsKeepBatchOrderAndNameRunnersUp() {
        var nodes = List.of(node("a", 4000, 8), node("b", 4000, 8), node("c", 4000, 8));
        var pods = replicas("ns/web", 5, 100, 128);
        var r = run(pods, nodes);
        assertEquals(pods.stream().map(PodRequest::podKey).toList(), r.awards().stream().map(Award::podKey).toList());
        for (Award a : r.awards()) {
            assertEquals(2, a.runnersUp().size());
            assertTrue(a.runnersUp().stream().noneMatch(u -> u.node().equals(a.node())));
            assertTrue(a.score() >= a.runnersUp().get(0).score());
            assertTrue(a.runnersUp().get(0).score() >= a.runnersUp().get(1).score());
        }
    }

    @Test
    void nodesOfDifferentSizesAreNeverOvercommitted() {
        var nodes = List.of(node("small", 1000, 2), node("medium", 2000, 4), node("large", 8000, 16));
        List<PodRequest> pods = new ArrayList<>();
        pods.addAll(replicas("ns/web", 30, 300, 512));
        pods.addAll(replicas("ns/db", 10, 900, 1024));
        var r = run(pods, nodes);
        Map<String, PodRequest> byKey = new HashMap<>();
        pods.forEach(p -> byKey.put(p.podKey(), p));
        Map<String, NodeState> after = byName(nodes);
        for (Award a : r.awards()) {
            after.put(a.node(), after.get(a.node()).plus(byKey.get(a.podKey())));
        }
        for (NodeState n : after.values()) {
            assertTrue(n.freeMilliCpu() >= 0 && n.freeMemoryBytes() >= 0, () -> "overcommitted: " + n);
        }
        assertEquals(pods.size(), r.awards().size() + r.unplaced().size());
        assertTrue(r.unplaced().size() > 0, "the batch is larger than the cluster on purpose");
    }

    @Test
    void unplaceableGetsKubernetesFitErrorSummary() {
        var nodes = List.of(
                node("a", 4000, 1).withLabels(Map.of("disk", "hdd")),
                node("b", 4000, 1).withLabels(Map.of("disk", "hdd")),
                node("c", 4000, 64).withLabels(Map.of("disk", "ssd")));
        var p = pod("ns/big", "ns/big", 100, 2048).withNodeSelector(Map.of("disk", "hdd"));
        var r = run(List.of(p), nodes);
        assertEquals(List.of(new Unplaced("ns/big",
                "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
                        + "2 insufficient memory.")), r.unplaced());
        assertEquals(List.of(), r.awards());
    }

    @Test
    void nodesFilledDuringTheAuctionExplainWhy() {
        var nodes = List.of(node("a", 1000, 8), node("b", 1000, 8));
        var r = run(replicas("ns/web", 3, 1000, 128), nodes);
        assertEquals(2, r.awards().size());
        assertEquals("0/2 nodes are available: 2 insufficient cpu.", r.unplaced().get(0).summary());
    }

    @Test
    void missingBidsAndStatesAreCountedNotAwarded() {
        var a = node("a", 4000, 8);
        var b = node("b", 4000, 8);
        var p = pod("ns/p");
        Map<String, List<Bid>> bids = new HashMap<>();
        bids.put("a", List.of());                                   // answered, but not for this pod
        bids.put("b", pipeline.bidBatch(List.of(p), b));            // bid, but state lost
        var r = auction.award(List.of(p), bids, Map.of("a", a));
        assertEquals("0/2 nodes are available: 1 node(s) did not bid, 1 node(s) did not report their state.",
                r.unplaced().get(0).summary());
        assertEquals("no nodes available to schedule pods",
                auction.award(List.of(p), Map.of(), Map.of()).unplaced().get(0).summary());
    }

    @Test
    void spreadBeatsPacking() {
        // "big" has far more room and already one replica; "small" is empty: the replica goes to small
        var big = node("big", 8000, 32).plus(pod("ns/web-0", "ns/web", 500, 1024));
        var small = node("small", 2000, 8);
        var r = run(List.of(pod("ns/web-1", "ns/web", 500, 1024)), List.of(big, small));
        assertEquals("small", r.awards().get(0).node());
        // ...but a pod of another owner prefers the roomier node
        var other = run(List.of(pod("ns/db-0", "ns/db", 500, 1024)), List.of(big, small));
        assertEquals("big", other.awards().get(0).node());
    }

    @Test
    void hostPortConflictsPutOneReplicaPerNode() {
        var nodes = List.of(node("a", 4000, 8), node("b", 4000, 8), node("c", 4000, 8));
        List<PodRequest> pods = new ArrayList<>();
        for (PodRequest p : replicas("ns/ingress", 4, 100, 128)) {
            pods.add(p.withHostPorts(HostPort.tcp(443)));
        }
        var r = run(pods, nodes);
        assertEquals(Map.of("a", 1, "b", 1, "c", 1), countByNode(r));
        assertEquals("0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.",
                r.unplaced().get(0).summary());
    }

    @Test
    void largePodsArePlacedFirst() {
        // Two nodes of 2000m; taken in batch order, the 1000m pods would split across both nodes
        // and strand the 2000m pod; largest first places all three.
        var nodes = List.of(node("a", 2000, 8), node("b", 2000, 8));
        var pods = List.of(pod("ns/s1", "ns/s", 1000, 128), pod("ns/s2", "ns/s", 1000, 128),
                pod("ns/l1", "ns/l", 2000, 128));
        var r = run(pods, nodes);
        assertEquals(List.of(), r.unplaced());
        assertEquals(pods.stream().map(PodRequest::podKey).toList(), r.awards().stream().map(Award::podKey).toList());
    }

    @Test
    void aNodesRejectionStandsEvenIfTheLeadersCopySaysItFits() {
        // the node knows it is short (e.g. a reservation the leader's snapshot has not seen)
        var a = node("a", 4000, 8);
        var p = pod("ns/p");
        var bids = Map.of("a", List.of(Bid.rejected("a", "ns/p", "insufficient memory")));
        var r = auction.award(List.of(p), bids, Map.of("a", a));
        assertEquals("0/1 nodes are available: 1 insufficient memory.", r.unplaced().get(0).summary());
    }

    @Test
    void sameInputSameResult() {
        var rnd = new Random(7);
        List<NodeState> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nodes.add(NodeState.empty("n" + i, 2000 + rnd.nextInt(4) * 2000, (4 + rnd.nextInt(4) * 4) * GI, 110));
        }
        List<PodRequest> pods = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pods.add(PodRequest.of("ns/p" + i, "ns/d" + (i % 5), 100 + rnd.nextInt(900), (64 + rnd.nextInt(2000)) * MI));
        }
        assertEquals(run(pods, nodes), run(pods, nodes));
    }

    @Test
    void duplicatePodKeysAreRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> run(List.of(pod("ns/p"), pod("ns/p")), List.of(node("a", 1000, 1))));
        assertEquals("pods: duplicate pod key ns/p", e.getMessage());
    }
}
