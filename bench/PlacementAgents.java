import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Client for bench/placement-agents.sh (run with `java bench/PlacementAgents.java ...`, JDK only):
 * end-to-end placement on REAL agents that host simulated nodes (agent --simulated-nodes).
 *
 * <ol>
 *   <li>Waits until the cluster lists at least MIN_NODES simulated Nodes, Ready.</li>
 *   <li>Creates 20 Deployments x 50 replicas at once (20 client threads, round-robin over the agents'
 *       APIs), with the seeded requests of the scheduling module's PlacementBench (same seed, same
 *       draws: the same pods for "roomy" and "overloaded").</li>
 *   <li>Lists pods every POLL_MILLIS until each of the 1,000 is bound (spec.nodeName) or Pending
 *       with PodScheduled=False: time to place, placements/s, rejected.</li>
 *   <li>Balance: stddev of cpu utilisation over the simulated nodes, from their allocatable and the
 *       bound pods' requests; and the same pods placed offline on the same nodes by centralised
 *       best-fit-decreasing and least-allocated greedy, with ratios.</li>
 * </ol>
 *
 * usage: java PlacementAgents.java SERVERS(comma) roomy|overloaded [SEED=42] [MIN_NODES=100]
 */
public class PlacementAgents {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final int DEPLOYMENTS = 20;
    static final int REPLICAS = 50;
    /** As PlacementBench: its node draws come first from the same Random (102 of them), then the pods. */
    static final int BENCH_NODE_DRAWS = 102;
    static final int NODE_SHAPES = 5;
    static final long[] POD_CPU = {100, 250, 500, 1000, 2000};
    static final long[] POD_MEMORY_MI = {128, 256, 512, 1024, 2048, 4096};
    /** A bench may poll hard; 200 ms keeps the timing error small next to seconds of placement. */
    static final long POLL_MILLIS = 200;
    static final Duration NODES_DEADLINE = Duration.ofSeconds(90);
    static final Duration PLACE_DEADLINE = Duration.ofSeconds(120);
    static final long MI = 1L << 20;

    record Node(String name, long milliCpu, long memory, int pods) {}
    record Pod(String name, long milliCpu, long memory) {}
    record Quality(int rejected, double stddev) {}

    public static void main(String[] args) throws Exception {
        String[] servers = args[0].split(",");
        String load = args[1];
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int minNodes = args.length > 3 ? Integer.parseInt(args[3]) : 100;

        List<Node> nodes = awaitSimulatedNodes(servers[0], minNodes);
        List<long[]> requests = workload(load, seed);   // per Deployment: {milliCpu, memory bytes}
        long podCpu = 0, podMem = 0;
        for (long[] r : requests) { podCpu += r[0] * REPLICAS; podMem += r[1] * REPLICAS; }
        long nodeCpu = nodes.stream().mapToLong(Node::milliCpu).sum(), nodeMem = nodes.stream().mapToLong(Node::memory).sum();
        System.out.printf("%n== %s (seed %d): %d simulated nodes over %d agents, %d pods (%d Deployments x %d), demand %.0f%% of cpu, %.0f%% of memory ==%n",
                load, seed, nodes.size(), servers.length, DEPLOYMENTS * REPLICAS, DEPLOYMENTS, REPLICAS,
                100.0 * podCpu / nodeCpu, 100.0 * podMem / nodeMem);
        StringBuilder mix = new StringBuilder("  requests per Deployment (cpu m/memory Mi):");
        for (long[] r : requests) mix.append(' ').append(r[0]).append('/').append(r[1] / MI);
        System.out.println(mix);

        // Create all Deployments at once, spread over the agents.
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(DEPLOYMENTS);
        List<Future<?>> fs = new ArrayList<>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            int dd = d;
            fs.add(pool.submit(() -> { createDeployment(servers[dd % servers.length], dd, requests.get(dd)); return null; }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        double createdAt = (System.nanoTime() - t0) / 1e9;

        // Poll until every pod is decided: bound, or Pending with PodScheduled=False.
        long deadline = System.nanoTime() + PLACE_DEADLINE.toNanos();
        double firstBound = -1;
        List<Map<String, Object>> pods;
        int bound, rejected;
        while (true) {
            pods = benchPods(servers[0]);
            bound = 0; rejected = 0;
            for (Map<String, Object> p : pods) {
                if (!nodeName(p).isEmpty()) bound++;
                else if ("False".equals(condition(p, "PodScheduled"))) rejected++;
            }
            double now = (System.nanoTime() - t0) / 1e9;
            if (bound > 0 && firstBound < 0) firstBound = now;
            if (pods.size() == DEPLOYMENTS * REPLICAS && bound + rejected == pods.size()) break;
            if (System.nanoTime() > deadline) {
                System.out.printf("  TIMED OUT after %.0f s: %d pods, %d bound, %d rejected%n", now, pods.size(), bound, rejected);
                System.exit(1);
            }
            Thread.sleep(POLL_MILLIS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        // Quality of what the cluster did, on the simulated nodes.
        Map<String, Node> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        Map<String, long[]> used = new HashMap<>();  // node -> {cpu, memory, pods}
        int onRealNodes = 0;
        for (Map<String, Object> p : pods) {
            String node = nodeName(p);
            if (node.isEmpty()) continue;
            if (!byName.containsKey(node)) { onRealNodes++; continue; }
            Pod r = request(p);
            long[] u = used.computeIfAbsent(node, n -> new long[3]);
            u[0] += r.milliCpu(); u[1] += r.memory(); u[2]++;
        }
        double[] util = new double[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            long[] u = used.getOrDefault(n.name(), new long[3]);
            if (u[0] > n.milliCpu() || u[1] > n.memory() || u[2] > n.pods()) throw new AssertionError("overcommitted: " + n.name());
            util[i] = (double) u[0] / n.milliCpu();
        }
        Quality shoal = new Quality(rejected, stddev(util));

        List<Pod> input = new ArrayList<>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            for (int r = 0; r < REPLICAS; r++) input.add(new Pod("d" + d + "-" + r, requests.get(d)[0], requests.get(d)[1]));
        }
        Quality bfd = bestFitDecreasing(nodes, input);
        Quality least = leastAllocated(nodes, input);

        System.out.printf(Locale.ROOT, "  creates done in %.2f s; first pod bound at %.2f s; all %d pods decided at %.2f s%n",
                createdAt, firstBound, pods.size(), seconds);
        System.out.printf(Locale.ROOT, "  %-40s %,.0f placements/s end to end (%d bound / %.2f s from the first create)%n",
                "shoal agents:", bound / seconds, bound, seconds);
        System.out.printf(Locale.ROOT, "  %-40s rejected %4d  balance (stddev cpu util) %.3f  (pods on the agents' own tiny nodes: %d)%n",
                "shoal agents", shoal.rejected(), shoal.stddev(), onRealNodes);
        System.out.printf(Locale.ROOT, "  %-40s rejected %4d  balance (stddev cpu util) %.3f%n", "centralised best-fit-decreasing", bfd.rejected(), bfd.stddev());
        System.out.printf(Locale.ROOT, "  %-40s rejected %4d  balance (stddev cpu util) %.3f%n", "centralised least-allocated greedy", least.rejected(), least.stddev());
        System.out.printf(Locale.ROOT, "  shoal vs least-allocated: rejected %s, balance %.2fx | vs best-fit-decreasing: rejected %s, balance %.2fx%n",
                ratio(shoal.rejected(), least.rejected()), shoal.stddev() / least.stddev(),
                ratio(shoal.rejected(), bfd.rejected()), shoal.stddev() / bfd.stddev());
        System.out.printf(Locale.ROOT, "RESULT %s placements_per_s=%.0f seconds=%.2f rejected=%d stddev=%.3f bfd_rejected=%d bfd_stddev=%.3f least_rejected=%d least_stddev=%.3f%n",
                load, bound / seconds, seconds, shoal.rejected(), shoal.stddev(), bfd.rejected(), bfd.stddev(), least.rejected(), least.stddev());
    }

    /** PlacementBench's draws: its 102 node shapes first, then the roomy pods, then the overloaded ones. */
    static List<long[]> workload(String load, long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < BENCH_NODE_DRAWS; i++) rnd.nextInt(NODE_SHAPES);
        List<long[]> roomy = draw(rnd, 3, 4);
        List<long[]> overloaded = draw(rnd, POD_CPU.length, POD_MEMORY_MI.length);
        return switch (load) {
            case "roomy" -> roomy;
            case "overloaded" -> overloaded;
            default -> throw new IllegalArgumentException("load: roomy or overloaded, got " + load);
        };
    }

    private static List<long[]> draw(Random rnd, int cpuChoices, int memoryChoices) {
        List<long[]> out = new ArrayList<>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            long cpu = POD_CPU[rnd.nextInt(cpuChoices)];
            long memory = POD_MEMORY_MI[rnd.nextInt(memoryChoices)] * MI;
            out.add(new long[]{cpu, memory});
        }
        return out;
    }

    // ---- the API ---------------------------------------------------------------------------------

    static List<Node> awaitSimulatedNodes(String server, int min) throws Exception {
        long deadline = System.nanoTime() + NODES_DEADLINE.toNanos();
        while (true) {
            List<Node> out = new ArrayList<>();
            Object list = get(server, "/api/v1/nodes");
            for (Object o : items(list)) {
                Map<String, Object> n = obj(o);
                if (!"true".equals(path(n, "metadata", "labels", "shoal.dev/simulated"))) continue;
                if (!"True".equals(condition(n, "Ready"))) continue;
                Map<String, Object> alloc = obj(path(n, "status", "allocatable"));
                out.add(new Node((String) path(n, "metadata", "name"), milliCpu((String) alloc.get("cpu")),
                        bytes((String) alloc.get("memory")), Integer.parseInt((String) alloc.get("pods"))));
            }
            if (out.size() >= min) {
                out.sort(Comparator.comparing(Node::name));
                return out;
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("only " + out.size() + " simulated nodes Ready; wanted " + min);
            Thread.sleep(POLL_MILLIS);
        }
    }

    static void createDeployment(String server, int d, long[] request) throws Exception {
        String name = "bench-d" + d;
        String body = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"replicas\":" + REPLICAS + ",\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{\"containers\":[{\"name\":\"app\","
                + "\"image\":\"example/app:1\",\"command\":[\"sleep\",\"3600\"],"
                + "\"resources\":{\"requests\":{\"cpu\":\"" + request[0] + "m\",\"memory\":\"" + (request[1] / MI) + "Mi\"}}}]}}}}";
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + server + "/apis/apps/v1/namespaces/default/deployments"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("create " + name + " on " + server + ": " + r.statusCode() + " " + r.body());
    }

    static List<Map<String, Object>> benchPods(String server) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : items(get(server, "/api/v1/namespaces/default/pods"))) {
            Map<String, Object> p = obj(o);
            if (((String) path(p, "metadata", "name")).startsWith("bench-d") && path(p, "metadata", "deletionTimestamp") == null) out.add(p);
        }
        return out;
    }

    static Object get(String server, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + server + path)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        return new JsonReader(r.body()).value();
    }

    static String nodeName(Map<String, Object> pod) {
        Object n = path(pod, "spec", "nodeName");
        return n == null ? "" : (String) n;
    }

    static String condition(Map<String, Object> obj, String type) {
        Object cs = path(obj, "status", "conditions");
        if (cs == null) return null;
        for (Object c : (List<?>) cs) {
            if (type.equals(obj(c).get("type"))) return (String) obj(c).get("status");
        }
        return null;
    }

    static Pod request(Map<String, Object> pod) {
        long cpu = 0, mem = 0;
        for (Object c : (List<?>) path(pod, "spec", "containers")) {
            Object req = path(obj(c), "resources", "requests");
            if (req == null) continue;
            Map<String, Object> r = obj(req);
            if (r.get("cpu") != null) cpu += milliCpu((String) r.get("cpu"));
            if (r.get("memory") != null) mem += bytes((String) r.get("memory"));
        }
        return new Pod((String) path(pod, "metadata", "name"), cpu, mem);
    }

    // ---- centralised placements with perfect knowledge (as PlacementBench's) -----------------------

    /** Largest first, each onto the feasible node it leaves with the least room: packs tight. */
    static Quality bestFitDecreasing(List<Node> nodes, List<Pod> pods) {
        long cpu = nodes.stream().mapToLong(Node::milliCpu).sum(), mem = nodes.stream().mapToLong(Node::memory).sum();
        List<Pod> order = new ArrayList<>(pods);
        order.sort(Comparator.comparingDouble((Pod p) -> Math.max((double) p.milliCpu() / cpu, (double) p.memory() / mem)).reversed());
        return greedy(nodes, order, (p, n, u) -> -((double) (n.milliCpu() - u[0] - p.milliCpu()) / n.milliCpu()
                + (double) (n.memory() - u[1] - p.memory()) / n.memory()));
    }

    /** Kubernetes' LeastAllocated: in arrival order, onto the feasible node with the most free fraction after it. */
    static Quality leastAllocated(List<Node> nodes, List<Pod> pods) {
        return greedy(nodes, pods, (p, n, u) -> (double) (n.milliCpu() - u[0] - p.milliCpu()) / n.milliCpu()
                + (double) (n.memory() - u[1] - p.memory()) / n.memory());
    }

    interface Score { double of(Pod p, Node n, long[] used); }

    static Quality greedy(List<Node> nodes, List<Pod> order, Score score) {
        long[][] used = new long[nodes.size()][3];
        int rejected = 0;
        for (Pod p : order) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                long[] u = used[i];
                boolean fits = u[0] + p.milliCpu() <= n.milliCpu() && u[1] + p.memory() <= n.memory() && u[2] + 1 <= n.pods();
                if (fits) {
                    double s = score.of(p, n, u);
                    if (s > bestScore) { bestScore = s; best = i; }
                }
            }
            if (best < 0) { rejected++; continue; }
            used[best][0] += p.milliCpu(); used[best][1] += p.memory(); used[best][2]++;
        }
        double[] util = new double[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) util[i] = (double) used[i][0] / nodes.get(i).milliCpu();
        return new Quality(rejected, stddev(util));
    }

    static double stddev(double[] xs) {
        double mean = Arrays.stream(xs).average().orElse(0);
        return Math.sqrt(Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).average().orElse(0));
    }

    static String ratio(int a, int b) {
        return b == 0 ? (a == 0 ? "equal (both 0)" : a + " vs 0") : String.format(Locale.ROOT, "%.2fx (%d vs %d)", (double) a / b, a, b);
    }

    // ---- quantities and a minimal JSON reader (the bench is JDK-only) -------------------------------

    static long milliCpu(String q) {
        return q.endsWith("m") ? Long.parseLong(q.substring(0, q.length() - 1)) : Math.round(Double.parseDouble(q) * 1000);
    }

    static long bytes(String q) {
        String[] suffix = {"Ki", "Mi", "Gi", "Ti"};
        for (int i = 0; i < suffix.length; i++) {
            if (q.endsWith(suffix[i])) return Long.parseLong(q.substring(0, q.length() - 2)) << (10 * (i + 1));
        }
        return Long.parseLong(q);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    static List<?> items(Object list) {
        return (List<?>) obj(list).get("items");
    }

    static Object path(Map<String, Object> o, String... keys) {
        Object cur = o;
        for (String k : keys) {
            if (!(cur instanceof Map)) return null;
            cur = obj(cur).get(k);
        }
        return cur;
    }

    /** Just enough JSON for API answers: objects, arrays, strings, numbers, booleans, null. */
    static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) { this.s = s; }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++; ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws(); String k = string(); ws(); i++; // ':'
                    m.put(k, value()); ws();
                    if (s.charAt(i++) == '}') return m;
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++; ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    l.add(value()); ws();
                    if (s.charAt(i++) == ']') return l;
                }
            }
            if (c == '"') return string();
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                    default -> b.append(e);
                }
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
    }
}
