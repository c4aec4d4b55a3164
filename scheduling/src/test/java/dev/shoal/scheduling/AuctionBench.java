package dev.shoal.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A micro benchmark without JMH: placements per second for one batch of 1,000 pods (20 Deployments
 * of 50 replicas) over 100 and 1,000 simulated nodes, light load so most pods fit. Reports the
 * median of timed runs after warm-up. Bidding is timed separately because in the cluster every node
 * bids in parallel; the auction is the leader's serial work.
 *
 * <pre>
 * mvn -o -q -pl scheduling -am test-compile
 * java -cp scheduling/target/classes:scheduling/target/test-classes dev.shoal.scheduling.AuctionBench
 * </pre>
 */
public final class AuctionBench {
    private static final int PODS = 1000;
    private static final int WARMUP = 5;
    private static final int RUNS = 11;

    public static void main(String[] args) {
        BidPipeline pipeline = new BidPipeline();
        Auction auction = new Auction(pipeline);
        for (int nodeCount : new int[] {100, 1000}) {
            for (Workload.Load load : Workload.Load.values()) {
                Random rnd = new Random(42);
                List<NodeState> nodes = Workload.nodes(nodeCount, rnd);
                List<PodRequest> pods = Workload.pods(PODS, 50, load, rnd);
                Map<String, NodeState> byName = Fixtures.byName(nodes);

                long[] bidNanos = new long[RUNS];
                long[] auctionNanos = new long[RUNS];
                int placed = 0;
                for (int run = -WARMUP; run < RUNS; run++) {
                    long t0 = System.nanoTime();
                    Map<String, List<Bid>> bids = new HashMap<>();
                    for (NodeState n : nodes) {
                        bids.put(n.name(), pipeline.bidBatch(pods, n));
                    }
                    long t1 = System.nanoTime();
                    AuctionResult r = auction.award(pods, bids, byName);
                    long t2 = System.nanoTime();
                    if (run >= 0) {
                        bidNanos[run] = t1 - t0;
                        auctionNanos[run] = t2 - t1;
                        placed = r.awards().size();
                    }
                }
                double bidMs = median(bidNanos) / 1e6;
                double auctionMs = median(auctionNanos) / 1e6;
                System.out.printf("%4d nodes, %d pods %-5s: placed %4d | auction %7.1f ms = %8.0f placements/s"
                                + " | all bids %7.1f ms (%.3f ms per node batch) | serial total %8.0f placements/s%n",
                        nodeCount, PODS, load, placed, auctionMs, placed / (auctionMs / 1e3), bidMs,
                        bidMs / nodeCount, placed / ((bidMs + auctionMs) / 1e3));
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            names.add("n" + i);
        }
        System.out.printf("sample of 10,000 nodes for 50 pods: %d nodes asked%n",
                Sampler.sample(names, 50, new Random(1)).size());
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
