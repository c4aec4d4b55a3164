import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failover times over TRIALS trials on three real agents (the shaded jar, process runtime, on
 * 127.0.0.2-4) running a Deployment of 3 replicas of the hello server with a 1 s readiness probe:
 * <ul>
 *   <li>kill: SIGKILL the agent holding the most replicas; the clock runs until 3 replicas are
 *       Ready, none on the killed node, as a survivor's API reports them. The agent is then
 *       restarted and the cluster settles before the next trial.</li>
 *   <li>partition: cut the agent holding the most replicas off from the other two (iptables DROP
 *       both ways between the agents' loopback addresses); the clock runs until the majority
 *       reports 3 Ready replicas on its own nodes. Then the link heals and the cluster settles.</li>
 * </ul>
 * Prints every trial and p50/p99/max. The state is polled every 50 ms (the resolution of the
 * figures). Each trial prints its wall-clock start, to find it in the agents' logs, which are kept
 * when the run fails or BENCH_KEEP_LOGS is set. Anchors: Kubernetes' defaults about 5 min 40 s, Swarm 15-20 s, Nomad 20-30 s.
 *
 * <pre>usage: java bench/Failover.java JAR kill|partition TRIALS API_PORT CLUSTER_PORT</pre>
 */
public class Failover {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    static final Pattern POD = Pattern.compile("\"name\":\"(web-[a-z0-9-]+)\"");
    static String jar;
    static int api;
    static int clusterPort;
    static Path dir;
    static final String[] ADDRESSES = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};
    static final Process[] agents = new Process[3];
    static volatile boolean finished;
    /**
     * BENCH_SETTLE=api: start the next trial as soon as the API looks settled, without waiting for
     * the replicated state's migrations or the healed kubelets: faults that land on a cluster still
     * healing from the last one, the way they did before this bench waited for shoal_cluster_safe.
     */
    static final boolean SETTLE_API_ONLY = "api".equals(System.getenv("BENCH_SETTLE"));

    public static void main(String[] args) throws Exception {
        jar = args[0];
        String mode = args[1];
        int trials = Integer.parseInt(args[2]);
        api = Integer.parseInt(args[3]);
        clusterPort = Integer.parseInt(args[4]);
        dir = Files.createTempDirectory("shoal-failover");
        Runtime.getRuntime().addShutdownHook(new Thread(Failover::cleanUp));
        for (int i = 0; i < 3; i++) start(i);
        for (int i = 0; i < 3; i++) awaitReady(i);
        post(0, "/apis/apps/v1/namespaces/default/deployments", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},
                     "spec":{"terminationGracePeriodSeconds":2,"containers":[{"name":"hello","image":"shoal/hello:1",
                       "ports":[{"name":"http","containerPort":8080}],
                       "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":1},
                       "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}""");
        List<Double> seconds = new ArrayList<>();
        List<Double> detections = new ArrayList<>();
        for (int t = 1; t <= trials; t++) {
            int victim = busiest(settle());
            long[] countersBefore = schedulerCounters();
            int observer = (victim + 1) % 3;
            long start = System.nanoTime();
            String wallClock = java.time.LocalTime.now().toString();
            if (mode.equals("kill")) {
                agents[victim].destroyForcibly();
                agents[victim].waitFor();
            } else {
                partition(victim, true);
            }
            String node = "bench-" + (victim + 2);
            long detected = awaitReadyElsewhere(observer, node);
            double s = (System.nanoTime() - start) / 1e9;
            double d = (detected - start) / 1e9;
            seconds.add(s);
            detections.add(d);
            long[] countersAfter = schedulerCounters();
            System.out.printf("%s trial %d at %s: %s -> NotReady after %.2f s, 3 Ready elsewhere in %.2f s (%.2f s after NotReady;"
                            + " bids missed %d, reservations lost %d, partitions lost %d)%s%n",
                    mode, t, wallClock, node, d, s, s - d, countersAfter[0] - countersBefore[0], countersAfter[1] - countersBefore[1],
                    countersAfter[2] - countersBefore[2], missingObjects(observer));
            if (mode.equals("kill")) {
                start(victim);
                awaitReady(victim);
            } else {
                partition(victim, false);
            }
        }
        if (System.getenv("BENCH_KEEP_LOGS") != null) {
            // the cluster's own account (Events: scaled, scheduled, started, killed), beside the logs
            String events = get(0, "/api/v1/events");
            if (events != null) Files.writeString(dir.resolve("events.json"), events);
        }
        double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] detect = detections.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%s: %d trials  p50 %.2f s  p99 %.2f s  max %.2f s  (node NotReady: p50 %.2f s  max %.2f s)%n",
                mode, sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1],
                percentile(detect, 0.50), detect[detect.length - 1]);
        finished = true;
        System.exit(0);
    }

    static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    static void start(int i) throws IOException {
        String peers = String.join(",", Arrays.stream(ADDRESSES).map(a -> a + ":" + clusterPort).toList());
        List<String> cmd = new ArrayList<>(List.of("java", "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"));
        String jvmFlags = System.getenv("BENCH_JVM_FLAGS");  // e.g. -Djava.util.logging.config.file=... to trace a slow trial
        if (jvmFlags != null && !jvmFlags.isBlank()) cmd.addAll(List.of(jvmFlags.trim().split("\\s+")));
        cmd.addAll(List.of("-jar", jar, "agent",
                "--name", "bench-" + (i + 2), "--bind", ADDRESSES[i], "--api-port", "" + api, "--cluster-port", "" + clusterPort,
                "--join", peers, "--cluster-name", "failover-" + ProcessHandle.current().pid(), "--runtime", "process",
                "--insecure-dev",  // loopback only: the bench measures failover, not authentication
                "--api-rate-limit", "0",  // the bench polls as fast as it measures
                "--data-dir", dir.resolve("node-" + i).toString()));
        String extra = System.getenv("BENCH_AGENT_FLAGS");
        if (extra != null && !extra.isBlank()) cmd.addAll(List.of(extra.trim().split("\\s+")));
        agents[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node-" + i + ".log").toFile())).start();
    }

    static void awaitReady(int i) throws InterruptedException {
        await(Duration.ofSeconds(90), "agent " + ADDRESSES[i] + " ready", () -> get(i, "/readyz") != null);
    }

    /**
     * All three agents up and seeing each other, every one of them reporting the same 3 Ready
     * replicas and nothing terminating, the replicated state's migrations finished on every agent
     * ({@code shoal_cluster_safe 1}, else the next fault lands on a cluster still healing from the
     * last: measured, a NotReady mark 2-3 s later) and exactly 3 hello processes alive (a healed
     * minority's kubelet has stopped its superseded pods); returns that placement (node -> replicas).
     */
    static Map<String, Integer> settle() throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Map<String, Integer>> agreed = new java.util.concurrent.atomic.AtomicReference<>();
        await(Duration.ofSeconds(120), "the cluster settled", () -> {
            Map<String, Integer> first = null;
            for (int i = 0; i < 3; i++) {
                String nodes = get(i, "/api/v1/nodes");
                if (nodes == null || count(nodes, "\"type\":\"Ready\",\"status\":\"True\"") < 3) return false;
                Map<String, Integer> perNode = readyPerNode(i);
                if (perNode == null || hasTerminating(i) || perNode.values().stream().mapToInt(Integer::intValue).sum() != 3) return false;
                if (first != null && !first.equals(perNode)) return false;
                first = perNode;
            }
            if (SETTLE_API_ONLY) {
                agreed.set(first);
                return true;
            }
            for (int i = 0; i < 3; i++) {
                String metrics = get(i, "/metrics");
                if (metrics == null || !metrics.contains("\nshoal_cluster_safe 1.0")) return false;
            }
            if (podProcesses() != 3) return false;
            agreed.set(first);
            return true;
        });
        return agreed.get();
    }

    /** The agent holding the most replicas (at least one, since 3 replicas sit on 3 agents). */
    static int busiest(Map<String, Integer> perNode) {
        int best = 0;
        for (int i = 0; i < 3; i++) {
            if (perNode.getOrDefault("bench-" + (i + 2), 0) > perNode.getOrDefault("bench-" + (best + 2), 0)) best = i;
        }
        return best;
    }

    /** Waits for 3 Ready replicas off the lost node; returns when the observer first reported that node NotReady. */
    static long awaitReadyElsewhere(int observer, String lost) throws InterruptedException {
        long[] notReady = {0};
        await(Duration.ofSeconds(120), "3 Ready replicas off " + lost, () -> {
            if (notReady[0] == 0) {
                String n = get(observer, "/api/v1/nodes/" + lost);
                if (n != null && !n.contains("\"type\":\"Ready\",\"status\":\"True\"")) notReady[0] = System.nanoTime();
            }
            Map<String, Integer> perNode = readyPerNode(observer);
            if (perNode == null || perNode.containsKey(lost)) return false;
            return perNode.values().stream().mapToInt(Integer::intValue).sum() == 3;
        });
        return notReady[0] == 0 ? System.nanoTime() : notReady[0];
    }

    /** Ready web pods per node, as agent {@code i} reports them; null if it does not answer. */
    static Map<String, Integer> readyPerNode(int i) {
        String body = get(i, "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
        if (body == null) return null;
        Map<String, Integer> out = new HashMap<>();
        // one pod per item
        for (String item : body.split("\"kind\":\"Pod\"")) {
            if (!item.contains("\"nodeName\":\"")) continue;
            Matcher node = Pattern.compile("\"nodeName\":\"([^\"]+)\"").matcher(item);
            boolean ready = item.contains("\"type\":\"Ready\",\"status\":\"True\"") && !item.contains("\"deletionTimestamp\"");
            if (node.find() && ready) out.merge(node.group(1), 1, Integer::sum);
        }
        return out;
    }

    static boolean hasTerminating(int i) {
        String body = get(i, "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
        return body == null || body.contains("\"deletionTimestamp\"");
    }

    static void partition(int victim, boolean cut) throws IOException, InterruptedException {
        for (int j = 0; j < 3; j++) {
            if (j == victim) continue;
            for (String[] pair : new String[][]{{ADDRESSES[victim], ADDRESSES[j]}, {ADDRESSES[j], ADDRESSES[victim]}}) {
                Process p = new ProcessBuilder("iptables", "-w", "5", cut ? "-I" : "-D", "INPUT", "-s", pair[0], "-d", pair[1], "-j", "DROP")
                        .inheritIO().start();
                if (p.waitFor() != 0) throw new IllegalStateException("iptables failed");
            }
        }
    }

    static void cleanUp() {
        for (Process p : agents) if (p != null) p.destroyForcibly();
        killPods();
        for (int v = 0; v < 3; v++) {
            for (int j = 0; j < 3; j++) {
                if (j == v) continue;
                try {  // leave no rule behind, whatever happened
                    new ProcessBuilder("iptables", "-w", "5", "-D", "INPUT", "-s", ADDRESSES[v], "-d", ADDRESSES[j], "-j", "DROP")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                } catch (Exception ignored) {
                    // no such rule
                }
            }
        }
        if (!finished || System.getenv("BENCH_KEEP_LOGS") != null) {
            System.out.println("agents' logs kept in " + dir);
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temp dir
        }
    }

    /**
     * The process runtime leaves pods running when their agent dies (a restarted agent adopts
     * them), so SIGKILLed and finally destroyed agents leave hello processes behind: end every
     * process whose working directory is under this run's directory.
     */
    static void killPods() {
        podProcessHandles().forEach(ProcessHandle::destroyForcibly);
    }

    static long podProcesses() {
        return podProcessHandles().size();
    }

    /** The pods' processes: every process whose working directory is under this run's directory. */
    static List<ProcessHandle> podProcessHandles() {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).startsWith(dir);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;  // gone already, or not ours to read
            }
        }).toList();
    }

    /**
     * The objects every trial must leave in place (the Deployment, its namespace, the three Node
     * objects) that the observer answers 404 for: a partition Hazelcast declared lost would show here.
     */
    static String missingObjects(int observer) {
        List<String> missing = new ArrayList<>();
        for (String path : List.of("/apis/apps/v1/namespaces/default/deployments/web", "/api/v1/namespaces/default",
                "/api/v1/nodes/bench-2", "/api/v1/nodes/bench-3", "/api/v1/nodes/bench-4")) {
            if (status(observer, path) == 404) missing.add(path);
        }
        return missing.isEmpty() ? "" : "  OBJECTS MISSING: " + missing;
    }

    /**
     * Summed over the agents that answer: calls for bids not answered in time, reservations lost
     * and partitions lost (shoal_scheduler_bids_missed_total, shoal_scheduler_reservations_lost_total,
     * shoal_cluster_partitions_lost_total). Per trial,
     * the difference says whether a slow replacement waited on bids or on reservations.
     */
    static long[] schedulerCounters() {
        long[] sums = new long[3];
        for (int i = 0; i < 3; i++) {
            String metrics = get(i, "/metrics");
            if (metrics == null) continue;
            sums[0] += counter(metrics, "shoal_scheduler_bids_missed_total");
            sums[1] += counter(metrics, "shoal_scheduler_reservations_lost_total");
            sums[2] += counter(metrics, "shoal_cluster_partitions_lost_total");
        }
        return sums;
    }

    static long counter(String metrics, String name) {
        Matcher m = Pattern.compile("\n" + name + " ([0-9.eE+]+)").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }

    static String get(int i, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ADDRESSES[i] + ":" + api + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** The HTTP status of a GET, or -1 when the agent does not answer. */
    static int status(int i, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ADDRESSES[i] + ":" + api + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static void post(int i, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ADDRESSES[i] + ":" + api + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
    }

    interface Condition {
        boolean holds();
    }

    static void await(Duration timeout, String what, Condition c) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(50);  // the sampling interval of the measurement, bounded by the deadline
        }
    }
}
