package dev.shoal.scheduling.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.shoal.scheduling.Auction;
import dev.shoal.scheduling.AuctionResult;
import dev.shoal.scheduling.Award;
import dev.shoal.scheduling.Bid;
import dev.shoal.scheduling.BidPipeline;
import dev.shoal.scheduling.Ledger;
import dev.shoal.scheduling.NodeCapacityLimits;
import dev.shoal.scheduling.NodeState;
import dev.shoal.scheduling.PodRequest;
import dev.shoal.scheduling.Reservation;
import dev.shoal.scheduling.Sampler;
import dev.shoal.scheduling.Unplaced;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Distributed bidding over Hazelcast, one per agent. Both sides of design.md step 4 live here:
 *
 * <ul>
 *   <li><b>Bidder.</b> Once {@link #start started}, this member answers calls for bids (a
 *       {@link BidTask} on the executor {@value #EXECUTOR}) for every node it hosts: its own node
 *       ({@code localProfile}) and any {@link #addSimulatedNodes simulated} ones. Each node bids
 *       from its profile less its ledger ({@link NodeProfile#stateWith}), with
 *       {@link BidPipeline#bidBatch}.</li>
 *   <li><b>Leader.</b> {@link #place} calls for bids, runs the {@link Auction}, and commits each
 *       award on the node's ledger ({@link LedgerStore}); awards another leader beat us to are
 *       re-bid against fresh ledgers, at most {@link Auction#MAX_AWARD_RETRIES} times.</li>
 * </ul>
 *
 * <p>Threading: thread-safe; several leaders (threads) may place at once. {@link #place} blocks on
 * the network, up to {@link #BID_TIMEOUT} + {@link #RESERVE_TIMEOUT} per round: never call it on an
 * event loop or a Hazelcast thread (in particular not from a {@code shoal.bids} task, which would
 * wait on the pool it runs in). Bids are computed on the {@code shoal.bids} executor threads;
 * {@code localProfile} is called there and must be cheap and non-blocking.
 */
public final class BiddingService implements AutoCloseable {
    /** The executor calls for bids travel on. */
    public static final String EXECUTOR = "shoal.bids";

    /** Where a member's service is found by the tasks it receives ({@link HazelcastInstance#getUserContext}). */
    static final String CONTEXT_KEY = "shoal.bidding";

    /**
     * How long a leader waits for all bids of one round. A healthy member answers in milliseconds
     * (one ledger read and a few shapes per hosted node); one that needs seconds is paused or
     * overloaded, and a placement should not wait for it: it just does not bid this round.
     */
    public static final Duration BID_TIMEOUT = Duration.ofSeconds(2);

    /**
     * How long a leader waits for its reservations of one round. Normally milliseconds (an entry
     * processor and two synchronous backups); the bound covers a partition migration after a member
     * left. A reservation that times out counts as lost and is re-bid; if it did land after all, the
     * node's {@link LedgerStore#retainOnly} sweep drops it, and re-awarding the same node is
     * idempotent.
     */
    public static final Duration RESERVE_TIMEOUT = Duration.ofSeconds(5);

    /** The member attribute holding the Shoal node name (set by membership's config factory). */
    private static final String NODE_ATTRIBUTE = "shoal.node";

    private final HazelcastInstance hz;
    private final Supplier<NodeProfile> localProfile;
    private final LedgerStore ledgers;
    private final BidPipeline pipeline;
    private final Auction auction;
    private final IExecutorService executor;
    private final List<NodeProfile> simulated = new CopyOnWriteArrayList<>();
    private final Random random = new Random(); // for sampling only; Random is thread-safe
    private final AtomicLong lostReservations = new AtomicLong();
    private final AtomicLong missedBids = new AtomicLong();

    /**
     * @param localProfile this member's own node as it is now; may return null while the agent does
     *     not know it yet (or on a member that only hosts simulated nodes), and the node then does not bid
     */
    public BiddingService(HazelcastInstance hz, Supplier<NodeProfile> localProfile, LedgerStore ledgers,
                          BidPipeline pipeline) {
        this.hz = Objects.requireNonNull(hz);
        this.localProfile = Objects.requireNonNull(localProfile);
        this.ledgers = Objects.requireNonNull(ledgers);
        this.pipeline = Objects.requireNonNull(pipeline);
        this.auction = new Auction(pipeline);
        this.executor = hz.getExecutorService(EXECUTOR);
    }

    /** Shoal's policy ({@link BidPipeline#BidPipeline()}) and the cluster's ledgers. */
    public BiddingService(HazelcastInstance hz, Supplier<NodeProfile> localProfile) {
        this(hz, localProfile, new LedgerStore(hz), new BidPipeline());
    }

    /** Starts answering calls for bids on this member. Returns this, for chaining. */
    public BiddingService start() {
        hz.getUserContext().put(CONTEXT_KEY, this);
        return this;
    }

    /** Stops answering; calls already running finish. */
    @Override
    public void close() {
        hz.getUserContext().remove(CONTEXT_KEY, this);
    }

    /**
     * This member also bids for these nodes (kubemark-style load testing): they go through exactly
     * the same bid code and ledger as a real node; only their profile is made up.
     */
    public void addSimulatedNodes(List<NodeProfile> sims) {
        simulated.addAll(sims);
    }

    public LedgerStore ledgers() {
        return ledgers;
    }

    /**
     * How many awards of this member's placements lost their reservation (to a concurrent leader,
     * or by timing out) and were re-bid or given up, since start: a measure of leader contention.
     */
    public long lostReservations() {
        return lostReservations.get();
    }

    /**
     * Calls for bids a member did not answer within {@link #BID_TIMEOUT} (or answered with a
     * failure) since start: its nodes sat those rounds out. Non-zero while a member is paused, cut
     * off or still being removed, or while its reads wait for a partition's repair.
     */
    public long missedBids() {
        return missedBids.get();
    }

    // ---- bidder side ----

    /** Bids for every node this member hosts. Runs on a {@code shoal.bids} executor thread. */
    BidReply answer(BidRequest request) {
        List<NodeProfile> hosted = new ArrayList<>();
        NodeProfile local = localProfile.get();
        if (local != null) {
            hosted.add(local);
        }
        hosted.addAll(simulated);
        Map<String, Ledger> current = ledgers.getAll(hosted.stream().map(NodeProfile::name).toList());
        List<NodeBids> out = new ArrayList<>(hosted.size());
        for (NodeProfile p : hosted) {
            NodeState state = p.stateWith(current.get(p.name()));
            out.add(new NodeBids(state, pipeline.bidBatch(request.pods(), state)));
        }
        return new BidReply(out);
    }

    // ---- leader side ----

    /**
     * Places a batch of pods (pod keys unique): calls for bids, awards, reserves. Returns once every
     * pod is either reserved on a node or given up for this call. Blocks; see the class comment.
     *
     * @throws CancellationException if the thread is interrupted; reservations made by then stay
     *     on the ledgers until the nodes' {@link LedgerStore#retainOnly} sweep drops them
     */
    public PlacementResult place(List<PodRequest> pods) {
        Map<String, Integer> inputOrder = new HashMap<>();
        Map<String, PodRequest> byKey = new HashMap<>();
        for (PodRequest p : pods) {
            if (byKey.put(p.podKey(), p) != null) {
                throw new IllegalArgumentException("pods: duplicate pod key " + p.podKey());
            }
            inputOrder.put(p.podKey(), inputOrder.size());
        }
        List<Award> placed = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        List<PodRequest> pending = List.copyOf(pods);
        boolean askAll = false;
        for (int round = 0; !pending.isEmpty(); round++) {
            boolean lastRound = round == Auction.MAX_AWARD_RETRIES;
            Call call = callForBids(pending, askAll);
            AuctionResult result = auction.award(pending, call.bids, call.states);
            List<PodRequest> next = new ArrayList<>();
            if (call.sampled && !lastRound) {
                // Sampler's rule: a pod the sample could not take gets one chance with every node
                result.unplaced().forEach(u -> next.add(byKey.get(u.podKey())));
                askAll = true;
            } else {
                unplaced.addAll(result.unplaced());
            }
            List<Award> lost = reserve(result.awards(), call.states, byKey, placed);
            lostReservations.addAndGet(lost.size());
            for (Award a : lost) {
                if (lastRound) {
                    unplaced.add(new Unplaced(a.podKey(), "lost the reservation to concurrent placements "
                            + (round + 1) + " times; will retry"));
                } else {
                    next.add(byKey.get(a.podKey()));
                }
            }
            pending = lastRound ? List.of() : next;
        }
        placed.sort(Comparator.comparing(a -> inputOrder.get(a.podKey())));
        unplaced.sort(Comparator.comparing(u -> inputOrder.get(u.podKey())));
        return new PlacementResult(placed, unplaced);
    }

    /** What one call for bids gathered: every answering node's bids for every pending pod, and its state. */
    private record Call(Map<String, List<Bid>> bids, Map<String, NodeState> states, boolean sampled) {}

    private Call callForBids(List<PodRequest> pending, boolean askAll) {
        // one representative per shape on the wire; expanded back to every pod on arrival
        Map<PodRequest, Integer> shapeIndex = new HashMap<>();
        List<PodRequest> representatives = new ArrayList<>();
        int[] shapeOf = new int[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            PodRequest pod = pending.get(i);
            Integer s = shapeIndex.putIfAbsent(pod.shape(), representatives.size());
            if (s == null) {
                s = representatives.size();
                representatives.add(pod);
            }
            shapeOf[i] = s;
        }
        Collection<Member> all = hz.getCluster().getMembers();
        Collection<Member> targets = askAll ? all : sample(all, pending.size());
        Map<Member, Future<BidReply>> futures =
                executor.submitToMembers(new BidTask(new BidRequest(representatives)), targets);

        Map<String, List<Bid>> bids = new HashMap<>();
        Map<String, NodeState> states = new HashMap<>();
        long deadline = System.nanoTime() + BID_TIMEOUT.toNanos();
        for (Future<BidReply> f : futures.values()) {
            BidReply reply = await(f, deadline);
            if (reply == null) {
                missedBids.incrementAndGet();
                continue; // no answer in time, or the member left: it does not bid this round
            }
            for (NodeBids nb : reply.nodes()) {
                String name = nb.state().name();
                if (nb.bids().size() != representatives.size() || states.containsKey(name)) {
                    continue; // a malformed answer, or a second member claiming the same node
                }
                List<Bid> expanded = new ArrayList<>(pending.size());
                for (int i = 0; i < pending.size(); i++) {
                    expanded.add(nb.bids().get(shapeOf[i]).forPod(pending.get(i).podKey()));
                }
                bids.put(name, expanded);
                states.put(name, nb.state());
            }
        }
        return new Call(bids, states, targets.size() < all.size());
    }

    /** The members hosting a {@link Sampler} sample of node names; all of them in a small cluster. */
    private Collection<Member> sample(Collection<Member> members, int podsToPlace) {
        Map<String, Member> byNode = new LinkedHashMap<>();
        for (Member m : members) {
            String n = m.getAttribute(NODE_ATTRIBUTE);
            byNode.put(n == null ? m.getUuid().toString() : n, m);
        }
        List<String> chosen = Sampler.sample(new ArrayList<>(byNode.keySet()), podsToPlace, random);
        if (chosen.size() == byNode.size()) {
            return members;
        }
        return chosen.stream().map(byNode::get).toList();
    }

    /**
     * Commits each award on its node's ledger, one batched entry processor per node, all nodes at
     * once. Adds the winners to {@code placed}; returns the awards that lost (another leader took the
     * room first, or the reservation did not answer in time).
     */
    private List<Award> reserve(List<Award> awards, Map<String, NodeState> states, Map<String, PodRequest> byKey,
                                List<Award> placed) {
        Map<String, List<Award>> byNode = new LinkedHashMap<>();
        for (Award a : awards) {
            byNode.computeIfAbsent(a.node(), n -> new ArrayList<>()).add(a);
        }
        Map<String, CompletableFuture<Set<String>>> pending = new LinkedHashMap<>();
        byNode.forEach((node, list) -> {
            List<Reservation> rs = list.stream().map(a -> Reservation.of(byKey.get(a.podKey()))).toList();
            // the limits are the allocatable the node reported with its bid
            NodeCapacityLimits limits = NodeCapacityLimits.of(states.get(node));
            pending.put(node, ledgers.tryReserveAll(node, rs, limits).toCompletableFuture());
        });
        List<Award> lost = new ArrayList<>();
        long deadline = System.nanoTime() + RESERVE_TIMEOUT.toNanos();
        for (Map.Entry<String, CompletableFuture<Set<String>>> e : pending.entrySet()) {
            Set<String> accepted = await(e.getValue(), deadline);
            for (Award a : byNode.get(e.getKey())) {
                if (accepted != null && accepted.contains(a.podKey())) {
                    placed.add(a);
                } else {
                    lost.add(a);
                }
            }
        }
        return lost;
    }

    /** The future's value, or null if it failed or did not complete by the deadline. */
    private static <T> T await(Future<T> f, long deadlineNanos) {
        try {
            return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return null;
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while placing pods");
        }
    }
}
