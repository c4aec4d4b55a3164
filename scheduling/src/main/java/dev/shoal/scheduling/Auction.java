package dev.shoal.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The leader's side of bidding: given every node's bids for a batch of pods, award each pod to a
 * node in one round, without asking the nodes again per pod.
 *
 * <p>Greedy by best score. Pods are taken largest first (dominant share of the bidders' total
 * capacity), as in first-fit-decreasing: big pods are the hardest to fit, so they go while there is
 * still room. Each pod goes to the feasible node with the highest score. After each award the
 * leader updates its own copy of that node (free resources, ports, replicas per owner) and re-scores
 * it with the same {@link BidPipeline} the node used, so a node is never awarded more than it can
 * hold and later replicas see the earlier ones and spread. A node's rejection in its bid is final
 * for this round: the node knows things about itself the leader may not.
 *
 * <p>Pure and single-threaded; one instance may be shared.
 */
public final class Auction {
    /**
     * How many times a leader re-bids a pod whose award lost the ledger compare-and-set. A CAS fails
     * only when another leader reserved on the same node in between; each retry bids against fresh
     * ledgers, so repeated conflicts need ever more concurrent leaders on the same few nodes. Three
     * rounds absorb a burst of deployments; past that the pod stays Pending and the next reconcile
     * tries again. (Nomad's {@code retryMax} is 5, but its retry is a local re-plan; ours is a round
     * trip to every bidder.)
     */
    public static final int MAX_AWARD_RETRIES = 3;

    /** Reason counted for a node that was called but sent no bid for a pod. */
    public static final String NO_BID = "node(s) did not bid";

    /** Reason counted for a node that bid without reporting the state its bid was made from. */
    public static final String NO_STATE = "node(s) did not report their state";

    private final BidPipeline pipeline;

    public Auction(BidPipeline pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline);
    }

    /**
     * Places the batch.
     *
     * @param pods the batch; pod keys must be unique
     * @param bidsByNode each called node's bids, as returned by {@link BidPipeline#bidBatch}
     *     (matched to pods by pod key; a missing bid counts as {@link #NO_BID})
     * @param nodes the state each node bid from; a bidder without one gets no award
     * @return every pod exactly once, awarded or unplaced, each list in the order of {@code pods}
     */
    public AuctionResult award(List<PodRequest> pods, Map<String, List<Bid>> bidsByNode,
                               Map<String, NodeState> nodes) {
        Map<String, Integer> indexOf = indexByKey(pods);
        List<Bidder> bidders = new ArrayList<>();
        new TreeMap<>(bidsByNode).forEach((name, bids) ->
                bidders.add(new Bidder(name, nodes.get(name), bids, pods, indexOf)));
        Map<PodRequest, Integer> shapes = new HashMap<>();
        int[] shapeOf = new int[pods.size()];
        for (int i = 0; i < pods.size(); i++) {
            shapeOf[i] = shapes.computeIfAbsent(pods.get(i).shape(), s -> shapes.size());
        }

        Award[] awards = new Award[pods.size()];
        Unplaced[] unplaced = new Unplaced[pods.size()];
        for (int i : largestFirst(pods, bidders)) {
            PodRequest pod = pods.get(i);
            Podium podium = new Podium(pod.podKey());
            for (Bidder b : bidders) {
                Bid current = b.currentBid(i, shapeOf[i], pod, pipeline);
                if (current != null && current.feasible()) {
                    podium.consider(b, current.score());
                }
            }
            if (podium.isEmpty()) {
                unplaced[i] = new Unplaced(pod.podKey(), summary(i, shapeOf[i], pod, bidders));
            } else {
                awards[i] = podium.award();
                podium.winner().take(pod);
            }
        }
        return new AuctionResult(compact(awards), compact(unplaced));
    }

    private String summary(int i, int shape, PodRequest pod, List<Bidder> bidders) {
        Map<String, Integer> counts = new HashMap<>();
        for (Bidder b : bidders) {
            Bid current = b.currentBid(i, shape, pod, pipeline);
            List<String> reasons = current == null ? List.of(NO_BID) : current.rejections();
            for (String r : reasons) {
                counts.merge(r, 1, Integer::sum);
            }
        }
        return FitSummary.of(bidders.size(), counts);
    }

    /** Indices of pods, largest first; stable, so replicas keep their order. */
    private static List<Integer> largestFirst(List<PodRequest> pods, List<Bidder> bidders) {
        double cpu = 0;
        double memory = 0;
        for (Bidder b : bidders) {
            if (b.state != null) {
                cpu += b.state.allocatableMilliCpu();
                memory += b.state.allocatableMemoryBytes();
            }
        }
        double[] share = new double[pods.size()];
        for (int i = 0; i < pods.size(); i++) {
            PodRequest p = pods.get(i);
            share[i] = Math.max(cpu == 0 ? 0 : p.milliCpu() / cpu, memory == 0 ? 0 : p.memoryBytes() / memory);
        }
        List<Integer> order = new ArrayList<>(pods.size());
        for (int i = 0; i < pods.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> share[i]).reversed());
        return order;
    }

    private static Map<String, Integer> indexByKey(List<PodRequest> pods) {
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < pods.size(); i++) {
            if (indexOf.put(pods.get(i).podKey(), i) != null) {
                throw new IllegalArgumentException("pods: duplicate pod key " + pods.get(i).podKey());
            }
        }
        return indexOf;
    }

    private static <T> List<T> compact(T[] slots) {
        List<T> out = new ArrayList<>();
        for (T t : slots) {
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** The leader's working copy of one bidder during one auction. */
    private static final class Bidder {
        final String name;
        final long nameHash;
        NodeState state;
        /** How many pods this auction has awarded here; 0 means the node's own bids still hold. */
        int awarded;
        private final Bid[] ownBids;
        private Bid[] rescoredByShape = new Bid[0];
        private int[] rescoredAt = new int[0];

        Bidder(String name, NodeState state, List<Bid> bids, List<PodRequest> pods, Map<String, Integer> indexOf) {
            this.name = name;
            this.nameHash = name.hashCode();
            this.state = state;
            this.ownBids = new Bid[pods.size()];
            for (int j = 0; j < bids.size(); j++) {
                Bid bid = bids.get(j);
                // fast path: bidBatch answers in the batch's order
                boolean inOrder = j < pods.size() && pods.get(j).podKey().equals(bid.podKey());
                Integer i = inOrder ? Integer.valueOf(j) : indexOf.get(bid.podKey());
                if (i != null) {
                    ownBids[i] = bid;
                }
            }
        }

        /**
         * The bid that counts now: null if the node sent none; the node's own bid if it rejected the
         * pod or nothing has been awarded here yet; else the leader's re-score of its updated copy,
         * cached per pod shape until the next award here.
         */
        Bid currentBid(int i, int shape, PodRequest pod, BidPipeline pipeline) {
            Bid own = ownBids[i];
            if (own == null || !own.feasible()) {
                return own;
            }
            if (state == null) {
                return Bid.rejected(name, pod.podKey(), NO_STATE);
            }
            if (awarded == 0) {
                return own;
            }
            if (shape >= rescoredByShape.length) {
                int n = Math.max(shape + 1, rescoredByShape.length * 2);
                rescoredByShape = Arrays.copyOf(rescoredByShape, n);
                rescoredAt = Arrays.copyOf(rescoredAt, n);
            }
            if (rescoredByShape[shape] == null || rescoredAt[shape] != awarded) {
                rescoredByShape[shape] = pipeline.bid(pod, state);
                rescoredAt[shape] = awarded;
            }
            return rescoredByShape[shape];
        }

        void take(PodRequest pod) {
            state = state.plus(pod);
            awarded++;
        }
    }

    /** The best three bidders for one pod; ties broken by a hash of pod and node. */
    private static final class Podium {
        private final String podKey;
        private final long podHash;
        private final Bidder[] nodes = new Bidder[3];
        private final double[] scores = new double[3];
        private final long[] ties = new long[3];
        private int size;

        Podium(String podKey) {
            this.podKey = podKey;
            this.podHash = podKey.hashCode();
        }

        void consider(Bidder b, double score) {
            // Equal scores are common (empty identical nodes). Breaking ties by name would send
            // every leader to the same node and into CAS conflicts; a hash of (pod, node) is just
            // as deterministic and spreads them.
            long tie = mix((podHash << 32) ^ (b.nameHash & 0xffffffffL));
            int at = size;
            while (at > 0 && better(score, tie, scores[at - 1], ties[at - 1])) {
                at--;
            }
            if (at >= 3) {
                return;
            }
            for (int k = Math.min(size, 2); k > at; k--) {
                nodes[k] = nodes[k - 1];
                scores[k] = scores[k - 1];
                ties[k] = ties[k - 1];
            }
            nodes[at] = b;
            scores[at] = score;
            ties[at] = tie;
            size = Math.min(size + 1, 3);
        }

        boolean isEmpty() {
            return size == 0;
        }

        Bidder winner() {
            return nodes[0];
        }

        Award award() {
            List<RunnerUp> runnersUp = new ArrayList<>(2);
            for (int k = 1; k < size; k++) {
                runnersUp.add(new RunnerUp(nodes[k].name, scores[k]));
            }
            return new Award(podKey, nodes[0].name, scores[0], runnersUp);
        }

        private static boolean better(double score, long tie, double otherScore, long otherTie) {
            int c = Double.compare(score, otherScore);
            return c > 0 || (c == 0 && tie < otherTie);
        }

        /** MurmurHash3's 64-bit finaliser: nearby inputs give unrelated outputs. */
        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb93e185a873bL;
            return z ^ (z >>> 33);
        }
    }
}
