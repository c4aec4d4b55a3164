package dev.shoal.scheduling.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.shoal.scheduling.Award;
import dev.shoal.scheduling.BidPipeline;
import dev.shoal.scheduling.Ledger;
import dev.shoal.scheduling.NodeState;
import dev.shoal.scheduling.PodRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Distributed placement end to end: 3 real Hazelcast members in this JVM (loopback TCP, real
 * serialisation, real entry processors with 2 sync backups), each hosting {@value #NODES_PER_MEMBER}
 * simulated nodes (kubemark-style: same bid code and ledger as a real node, made-up profile),
 * 1,000 pods (20 Deployments x 50 replicas, seeded mixed requests) placed through
 * {@link BiddingService#place}, against two centralised placements with perfect knowledge computed
 * in the same run: best-fit-decreasing (the bin-packing baseline) and least-allocated greedy (what a
 * single-master scheduler like Kubernetes' does: one pod at a time, in arrival order, onto the
 * feasible node with the most room left).
 *
 * <p>Run with bench/placement.sh. Arguments: [seed=42].
 */
public final class PlacementBench {
    private static final int MEMBERS = 3;
    /** 3 x 34 = 102 nodes: the brief's "at least 100", a cluster Kubernetes' own scalability tests start from. */
    private static final int NODES_PER_MEMBER = 34;
    private static final int DEPLOYMENTS = 20;
    private static final int REPLICAS = 50;
    /** Untimed runs first: the JIT and Hazelcast's connection pools warm up. */
    private static final int WARMUP = 3;
    /** Timed runs; the median is reported, so one GC pause does not decide the figure. */
    private static final int RUNS = 5;
    private static final long MI = 1024L * 1024;
    private static final long GI = 1024 * MI;

    /** Machine shapes of a mixed fleet: millicores, GiB (as in the scheduling module's Workload). */
    private static final long[][] NODE_SHAPES = {{2000, 4}, {4000, 8}, {4000, 16}, {8000, 32}, {16000, 64}};
    private static final long[] POD_CPU = {100, 250, 500, 1000, 2000};
    private static final long[] POD_MEMORY_MI = {128, 256, 512, 1024, 2048, 4096};

    /** How big the pods are: ROOMY fills about 40% of the fleet's cpu, OVERLOADED asks for more than it has. */
    enum Load {
        ROOMY(3, 4), OVERLOADED(POD_CPU.length, POD_MEMORY_MI.length);

        final int cpuChoices;
        final int memoryChoices;

        Load(int cpuChoices, int memoryChoices) {
            this.cpuChoices = cpuChoices;
            this.memoryChoices = memoryChoices;
        }
    }

    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast"); // held: JUL keeps loggers weakly

    public static void main(String[] args) throws Exception {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
        long t0 = System.nanoTime();
        try (TestMembers cluster = TestMembers.start(MEMBERS)) {
            System.out.printf("cluster: %d Hazelcast members in one JVM on loopback, up in %.1f s; %d cores; load average %s%n",
                    MEMBERS, (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors(), loadAverage());
            Random rnd = new Random(seed);
            List<NodeProfile> nodes = nodes(MEMBERS * NODES_PER_MEMBER, rnd);
            List<BiddingService> services = new ArrayList<>();
            for (int m = 0; m < MEMBERS; m++) {
                BiddingService s = new BiddingService(cluster.get(m), () -> null).start(); // hosts simulated nodes only
                s.addSimulatedNodes(nodes.subList(m * NODES_PER_MEMBER, (m + 1) * NODES_PER_MEMBER));
                services.add(s);
            }
            for (Load load : Load.values()) {
                List<PodRequest> pods = pods(load, rnd);
                System.out.printf("%n== %s: %d nodes (%d per member), %d pods (%d Deployments x %d), demand %.0f%% of cpu, %.0f%% of memory ==%n",
                        load, nodes.size(), NODES_PER_MEMBER, pods.size(), DEPLOYMENTS, REPLICAS,
                        100.0 * pods.stream().mapToLong(PodRequest::milliCpu).sum() / nodes.stream().mapToLong(NodeProfile::milliCpu).sum(),
                        100.0 * pods.stream().mapToLong(PodRequest::memoryBytes).sum() / nodes.stream().mapToLong(NodeProfile::memoryBytes).sum());
                Quality bfd = Centralised.bestFitDecreasing(nodes, pods);
                Quality least = Centralised.leastAllocated(nodes, pods);
                Map<String, Quality> shoal = new java.util.LinkedHashMap<>();
                shoal.put("one batch", run("shoal, one batch of 1000 from member 0", cluster, services, nodes, pods, Mode.ONE_BATCH));
                shoal.put("leaders in turn", run("shoal, 20 leaders one after another (50 each)", cluster, services, nodes, pods, Mode.SEQUENTIAL_LEADERS));
                shoal.put("leaders at once", run("shoal, 20 leaders at once over 3 members", cluster, services, nodes, pods, Mode.CONCURRENT_LEADERS));
                System.out.printf("  %-48s rejected %4d  balance (stddev cpu util) %.3f%n", "centralised best-fit-decreasing", bfd.rejected, bfd.stddev);
                System.out.printf("  %-48s rejected %4d  balance (stddev cpu util) %.3f%n", "centralised least-allocated greedy", least.rejected, least.stddev);
                shoal.forEach((mode, q) -> System.out.printf(
                        "  %-16s vs least-allocated: rejected %s, balance %.2fx | vs best-fit-decreasing: rejected %s, balance %.2fx%n",
                        mode, ratio(q.rejected, least.rejected), q.stddev / least.stddev,
                        ratio(q.rejected, bfd.rejected), q.stddev / bfd.stddev));
            }
            services.forEach(BiddingService::close);
        }
        System.out.printf("%ntotal bench time %.1f s; load average %s (other work on this machine skews the timings)%n",
                (System.nanoTime() - t0) / 1e9, loadAverage());
    }

    enum Mode { ONE_BATCH, SEQUENTIAL_LEADERS, CONCURRENT_LEADERS }

    record Quality(int rejected, double stddev) {}

    private static Quality run(String label, TestMembers cluster, List<BiddingService> services, List<NodeProfile> nodes,
                               List<PodRequest> pods, Mode mode) throws Exception {
        long[] nanos = new long[RUNS];
        int rejected = 0;
        long lostBefore = lost(services);
        for (int run = -WARMUP; run < RUNS; run++) {
            cluster.get(0).getMap(LedgerStore.MAP).clear();
            long t = System.nanoTime();
            List<PlacementResult> results = place(services, pods, mode);
            long elapsed = System.nanoTime() - t;
            if (run >= 0) {
                nanos[run] = elapsed;
            }
            rejected = results.stream().mapToInt(r -> r.unplaced().size()).sum();
            int placed = results.stream().mapToInt(r -> r.placed().size()).sum();
            if (placed + rejected != pods.size()) {
                throw new AssertionError("every pod must be placed or unplaced exactly once");
            }
        }
        long lostAll = lost(services) - lostBefore;
        Quality q = new Quality(rejected, ledgerStddev(cluster.get(0), nodes));
        Arrays.sort(nanos);
        double seconds = nanos[RUNS / 2] / 1e9;
        System.out.printf("  %-48s rejected %4d  balance (stddev cpu util) %.3f | %.0f ms for %d pods = %,.0f placements/s"
                        + " (median of %d; range %.0f-%.0f ms) | %.1f re-bids per run%n",
                label, q.rejected, q.stddev, seconds * 1e3, pods.size(), pods.size() / seconds, RUNS,
                nanos[0] / 1e6, nanos[RUNS - 1] / 1e6, (double) lostAll / (WARMUP + RUNS));
        return q;
    }

    private static long lost(List<BiddingService> services) {
        return services.stream().mapToLong(BiddingService::lostReservations).sum();
    }

    private static List<PlacementResult> place(List<BiddingService> services, List<PodRequest> pods, Mode mode)
            throws Exception {
        if (mode == Mode.ONE_BATCH) {
            return List.of(services.get(0).place(pods));
        }
        List<List<PodRequest>> perDeployment = new ArrayList<>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            perDeployment.add(pods.subList(d * REPLICAS, (d + 1) * REPLICAS));
        }
        if (mode == Mode.SEQUENTIAL_LEADERS) {
            List<PlacementResult> out = new ArrayList<>();
            for (List<PodRequest> batch : perDeployment) {
                out.add(services.get(0).place(batch));
            }
            return out;
        }
        // each Deployment led by one member (round-robin, as partition ownership would spread leases)
        ExecutorService leaders = Executors.newFixedThreadPool(DEPLOYMENTS);
        try {
            List<Future<PlacementResult>> fs = new ArrayList<>();
            for (int d = 0; d < DEPLOYMENTS; d++) {
                BiddingService leader = services.get(d % services.size());
                List<PodRequest> batch = perDeployment.get(d);
                fs.add(leaders.submit(() -> leader.place(batch)));
            }
            List<PlacementResult> out = new ArrayList<>();
            for (Future<PlacementResult> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            leaders.shutdown();
        }
    }

    /** Balance as the ledgers hold it after the run, and a check that no node is overcommitted. */
    private static double ledgerStddev(HazelcastInstance hz, List<NodeProfile> nodes) {
        Map<String, Ledger> ledgers = new LedgerStore(hz).getAll(nodes.stream().map(NodeProfile::name).toList());
        double[] util = new double[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            NodeProfile n = nodes.get(i);
            Ledger l = ledgers.get(n.name());
            if (l.milliCpu() > n.milliCpu() || l.memoryBytes() > n.memoryBytes() || l.pods() > n.pods()) {
                throw new AssertionError("overcommitted: " + n.name());
            }
            util[i] = (double) l.milliCpu() / n.milliCpu();
        }
        return stddev(util);
    }

    static double stddev(double[] xs) {
        double mean = Arrays.stream(xs).average().orElse(0);
        return Math.sqrt(Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).average().orElse(0));
    }

    /** The 1-minute load average (Linux), so a reader can tell a busy machine from a slow scheduler. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String ratio(int a, int b) {
        return b == 0 ? (a == 0 ? "equal (both 0)" : a + " vs 0") : String.format("%.2fx (%d vs %d)", (double) a / b, a, b);
    }

    static List<NodeProfile> nodes(int n, Random rnd) {
        List<NodeProfile> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] shape = NODE_SHAPES[rnd.nextInt(NODE_SHAPES.length)];
            out.add(NodeProfile.of(String.format("sim-%03d", i), shape[0], shape[1] * GI, 110)); // 110: kubelet's default max pods
        }
        return out;
    }

    static List<PodRequest> pods(Load load, Random rnd) {
        List<PodRequest> out = new ArrayList<>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            long cpu = POD_CPU[rnd.nextInt(load.cpuChoices)];
            long memory = POD_MEMORY_MI[rnd.nextInt(load.memoryChoices)] * MI;
            for (int r = 0; r < REPLICAS; r++) {
                out.add(PodRequest.of("bench/d" + d + "-" + r, "bench/d" + d, cpu, memory));
            }
        }
        return out;
    }

    /** Offline placements with perfect knowledge of every node, for comparison. */
    static final class Centralised {
        private static final BidPipeline FEASIBILITY = new BidPipeline(); // same filters as the nodes use

        /** Largest first, each onto the feasible node it leaves with the least room: packs tight. */
        static Quality bestFitDecreasing(List<NodeProfile> nodes, List<PodRequest> pods) {
            long cpu = nodes.stream().mapToLong(NodeProfile::milliCpu).sum();
            long memory = nodes.stream().mapToLong(NodeProfile::memoryBytes).sum();
            List<PodRequest> order = new ArrayList<>(pods);
            order.sort(Comparator.comparingDouble((PodRequest p) ->
                    Math.max((double) p.milliCpu() / cpu, (double) p.memoryBytes() / memory)).reversed());
            return greedy(nodes, order, (p, n) -> -((double) (n.freeMilliCpu() - p.milliCpu()) / n.allocatableMilliCpu()
                    + (double) (n.freeMemoryBytes() - p.memoryBytes()) / n.allocatableMemoryBytes()));
        }

        /**
         * Kubernetes' default resource scoring (NodeResourcesFit, LeastAllocated): in arrival order,
         * each pod onto the feasible node with the highest mean free fraction of cpu and memory after it.
         */
        static Quality leastAllocated(List<NodeProfile> nodes, List<PodRequest> pods) {
            return greedy(nodes, pods, (p, n) -> (double) (n.freeMilliCpu() - p.milliCpu()) / n.allocatableMilliCpu()
                    + (double) (n.freeMemoryBytes() - p.memoryBytes()) / n.allocatableMemoryBytes());
        }

        interface Score {
            double of(PodRequest p, NodeState n);
        }

        private static Quality greedy(List<NodeProfile> nodes, List<PodRequest> order, Score score) {
            List<NodeState> state = new ArrayList<>();
            nodes.forEach(n -> state.add(n.stateWith(null)));
            int rejected = 0;
            for (PodRequest p : order) {
                int best = -1;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < state.size(); i++) {
                    NodeState n = state.get(i);
                    if (FEASIBILITY.bid(p, n).feasible()) {
                        double s = score.of(p, n);
                        if (s > bestScore) {
                            bestScore = s;
                            best = i;
                        }
                    }
                }
                if (best < 0) {
                    rejected++;
                } else {
                    state.set(best, state.get(best).plus(p));
                }
            }
            double[] util = state.stream().mapToDouble(n -> (double) n.reservedMilliCpu() / n.allocatableMilliCpu()).toArray();
            return new Quality(rejected, stddev(util));
        }
    }

    private PlacementBench() {}
}
