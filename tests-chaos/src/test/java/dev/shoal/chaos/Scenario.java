package dev.shoal.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.node.it.AgentProcess;
import dev.shoal.node.it.Await;
import dev.shoal.node.it.Http;
import dev.shoal.node.it.TestCluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One chaos run: N real agent JVMs (process runtime) on 127.0.0.2.., a Deployment {@code web} of
 * Shoal's hello server behind a NodePort Service, clients writing and recording a {@link History},
 * a client looping over a chosen node's NodePort, and a sampler of leader stamps for fencing.
 * {@link #finish} stops the load, heals the network, waits for convergence and checks every
 * property; {@link #close} removes every agent and iptables rule whatever happened.
 */
final class Scenario implements AutoCloseable {
    static final int REPLICAS = 3;
    private static final Duration READY = Duration.ofSeconds(90);

    final String name;
    final TestCluster cluster;
    final History history = new History();
    final Network network = new Network(history);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Set<String>> leaders = new ConcurrentHashMap<>();
    private final AtomicInteger vipOk = new AtomicInteger();
    private final AtomicInteger vipFailed = new AtomicInteger();
    private final AtomicReference<AgentProcess> vipNode = new AtomicReference<>();
    private int nodePort;

    private Scenario(String name, TestCluster cluster) {
        this.name = name;
        this.cluster = cluster;
    }

    /** Starts the agents and the workload, and waits until it serves. */
    static Scenario start(String name, int nodes, int apiPort, int clusterPort) throws IOException {
        List<List<String>> args = new ArrayList<>();
        // no per-client rate limit: the writers are one client (one address) writing as fast as they can, on purpose
        for (int i = 0; i < nodes; i++) args.add(List.of("--runtime", "process", "--cpu", "4000", "--memory-mib", "8192", "--api-rate-limit", "0"));
        TestCluster cluster = TestCluster.create(name, "x" + name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-", apiPort,
                clusterPort, args).start();
        Scenario s = new Scenario(name, cluster);
        try {
            cluster.awaitNodesReady(nodes);
            s.deployWeb();
        } catch (RuntimeException | AssertionError e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void deployWeb() {
        AgentProcess via = cluster.agent(0);
        Http.Reply d = Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},
                     "spec":{"terminationGracePeriodSeconds":5,"containers":[{"name":"hello","image":"shoal/hello:1",
                       "ports":[{"name":"http","containerPort":8080}],
                       "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":1},
                       "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}""".formatted(REPLICAS));
        assertEquals(201, d.status(), d.body());
        Http.Reply svc = Http.post(via.baseUrl() + "/api/v1/namespaces/default/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80,"targetPort":"http"}]}}""");
        assertEquals(201, svc.status(), svc.body());
        nodePort = svc.json().path("spec").path("ports").path(0).path("nodePort").asInt();
        Await.until(READY, REPLICAS + " Ready web pods", () -> converged(via) ? Boolean.TRUE : null);
    }

    /** {@code clients} writers over every agent, each with its own seed derived from {@code seed}. */
    void startWriters(int clients, long seed) {
        for (int c = 0; c < clients; c++) {
            spawn("writer-" + c, new Writer(c, history, cluster.agents(), seed * 31 + c, running));
        }
        spawn("fencing-sampler", this::sampleLeaders);
    }

    /** The agent whose name web's Deployment carries as its leader's. */
    AgentProcess leader() {
        return Await.until(Duration.ofSeconds(30), "web's leader", () -> {
            for (AgentProcess a : cluster.agents()) {
                if (!a.isAlive()) continue;
                Http.Reply r;
                try {
                    r = Http.get(a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web");
                } catch (java.io.UncheckedIOException paused) {
                    continue;  // a paused (SIGSTOPped) agent is alive but does not answer: ask the next
                }
                if (r.status() != 200) continue;
                String name = r.json().path("metadata").path("annotations").path("shoal.dev/leader").asText("");
                for (AgentProcess b : cluster.agents()) if (b.name().equals(name)) return b;
            }
            return null;
        });
    }

    /** Starts a rolling update of web (a JSON patch of its image, as `set image` sends). */
    void setImage(String image) {
        for (AgentProcess a : cluster.agents()) {
            if (!a.isAlive()) continue;
            Http.Reply r = Http.send("PATCH", a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web",
                    "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + image + "\"}]",
                    "application/json-patch+json");
            assertEquals(200, r.status(), r.body());
            return;
        }
    }

    /** Waits until web has pods of two templates: the rollout is under way. */
    void awaitRolloutStarted() {
        Await.until(Duration.ofSeconds(60), "web's rollout under way", () -> {
            Http.Reply r = Http.get(cluster.agent(0).baseUrl() + "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
            Set<String> hashes = new HashSet<>();
            for (JsonNode p : r.json().path("items")) hashes.add(p.path("metadata").path("labels").path("pod-template-hash").asText());
            return hashes.size() > 1 ? Boolean.TRUE : null;
        });
    }

    /** Every web pod runs {@code image}. */
    void assertTemplateImage(String image) {
        Http.Reply r = Http.get(cluster.agent(0).baseUrl() + "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
        for (JsonNode p : r.json().path("items")) {
            assertEquals(image, p.path("spec").path("containers").path(0).path("image").asText(), p.path("metadata").path("name").asText());
        }
    }

    /** The node the VIP client goes through. */
    AgentProcess vipNode() {
        return vipNode.get();
    }

    /** A client looping over {@code node}'s NodePort; called again, the same client moves to another node. */
    void startVipClient(AgentProcess node) {
        if (vipNode.getAndSet(node) != null) return;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        spawn("vip-client", () -> {
            while (running.get()) {
                AgentProcess n = vipNode.get();
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + n.address() + ":" + nodePort + "/"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    (r.statusCode() == 200 ? vipOk : vipFailed).incrementAndGet();
                } catch (IOException e) {
                    vipFailed.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Waits until {@code n} more operations have completed: the scenario's clock, not a sleep. */
    void awaitOperations(int n) {
        long target = completed() + n;
        Await.until(Duration.ofSeconds(120), n + " more operations", () -> completed() >= target ? Boolean.TRUE : null);
    }

    private long completed() {
        return history.ops().stream().filter(o -> o.kind() != History.Kind.INVOKE).count();
    }

    /** Stops the clients, heals, and checks every property within {@code bound}; returns the report row. */
    Report finish(Duration bound) throws InterruptedException {
        return finish(bound, Integer.MAX_VALUE);
    }

    /**
     * As {@link #finish(Duration)}, and fails if more than {@code maxVipFailures} requests through
     * the NodePort failed (0 where no request could have been in flight to a dying node).
     */
    Report finish(Duration bound, int maxVipFailures) throws InterruptedException {
        network.heal();
        long healed = System.nanoTime();
        running.set(false);
        for (Thread t : threads) t.join(15_000);
        List<AgentProcess> live = cluster.agents().stream().filter(AgentProcess::isAlive).toList();
        // Convergence: every live node serves the same objects, and web has exactly its replicas.
        Map<String, String> state = Await.until(bound, "every live node agreeing on the written objects", () -> agreedState(live));
        Await.until(bound, "web converged: " + REPLICAS + " Ready pods of the current template, on live nodes, no duplicates",
                () -> live.stream().allMatch(this::converged) ? Boolean.TRUE : null);
        Await.until(bound, "no orphan: every process an agent runs belongs to a pod that exists",
                () -> orphans(live.get(0)).isEmpty() ? Boolean.TRUE : null);
        double convergeSeconds = (System.nanoTime() - healed) / 1e9;
        writeHistory(state);
        List<String> lost = Checks.acknowledgedWritesLost(history, state);
        List<String> fencing = Checks.twoLeadersInOneEpoch(leaders);
        Report report = new Report(name, history.count(History.Kind.INVOKE), history.count(History.Kind.OK),
                history.count(History.Kind.FAIL), history.count(History.Kind.INFO), lost.size(), convergeSeconds,
                vipOk.get(), vipFailed.get(), fencing.size(), partitionsLost(live));
        System.out.println("CHAOS " + report + " (503: " + history.countDetail("503") + ", 504: " + history.countDetail("504") + ")");
        if (!lost.isEmpty()) throw new AssertionError(lost.size() + " acknowledged writes lost:\n" + String.join("\n\n", lost));
        if (!fencing.isEmpty()) throw new AssertionError("fencing violated: " + fencing);
        if (vipFailed.get() > maxVipFailures) {
            throw new AssertionError(vipFailed.get() + " requests through the NodePort failed, at most " + maxVipFailures + " allowed");
        }
        return report;
    }

    /** The whole history and final state in target/chaos-history/NAME.txt, for reading after a run. */
    private void writeHistory(Map<String, String> state) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "chaos-history"));
            List<String> lines = new ArrayList<>();
            for (History.Op op : history.ops()) lines.add(op.toString());
            lines.add("final state: " + new java.util.TreeMap<>(state));
            java.nio.file.Files.write(dir.resolve(name + ".txt"), lines);
        } catch (IOException e) {
            System.out.println("history not written: " + e);
        }
    }

    /**
     * Partitions whose owner and every backup were lost, as the live agents counted them
     * ({@code shoal_cluster_partitions_lost_total}; an agent restarted during the scenario counts
     * from its restart). Reported, not asserted: what matters is the acknowledged writes, which
     * the history checks; this says whether Hazelcast itself saw a partition go.
     */
    private static long partitionsLost(List<AgentProcess> live) {
        long sum = 0;
        for (AgentProcess a : live) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\nshoal_cluster_partitions_lost_total ([0-9.eE+]+)")
                    .matcher(Http.get(a.baseUrl() + "/metrics").body());
            if (m.find()) sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** One row of the closing table. */
    record Report(String scenario, long operations, long acknowledged, long refused, long unknown, int lost,
                  double convergeSeconds, int vipOk, int vipFailed, int fencingViolations, long partitionsLost) {
        @Override
        public String toString() {
            return String.format("%-20s ops=%d acked=%d refused=%d unknown=%d lost=%d converge=%.1fs vip ok=%d failed=%d fencing=%d"
                            + " partitions-lost=%d",
                    scenario, operations, acknowledged, refused, unknown, lost, convergeSeconds, vipOk, vipFailed, fencingViolations,
                    partitionsLost);
        }
    }

    /** The written keys and values as every live node sees them, once they all agree; null until then. */
    private static Map<String, String> agreedState(List<AgentProcess> live) {
        Map<String, String> first = null;
        for (AgentProcess a : live) {
            Http.Reply r = Http.get(a.baseUrl() + "/api/v1/namespaces");
            if (r.status() != 200) return null;
            Map<String, String> state = new HashMap<>();
            for (JsonNode ns : r.json().path("items")) {
                String n = ns.path("metadata").path("name").asText();
                if (n.matches("c\\d+-k\\d+")) state.put(n, ns.path("metadata").path("annotations").path(Writer.ANNOTATION).asText());
            }
            if (first == null) first = state;
            else if (!first.equals(state)) return null;
        }
        return first;
    }

    /** Exactly REPLICAS pods of web, distinct, all Ready, of one template, on nodes this agent sees Ready. */
    boolean converged(AgentProcess via) {
        Http.Reply r = Http.get(via.baseUrl() + "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
        if (r.status() != 200) return false;
        Set<String> readyNodes = TestCluster.readyNodes(via);
        Set<String> hashes = new HashSet<>();
        int ready = 0;
        for (JsonNode p : r.json().path("items")) {
            if (p.path("metadata").has("deletionTimestamp")) return false;
            boolean isReady = false;
            for (JsonNode c : p.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Ready")) isReady = c.path("status").asText().equals("True");
            }
            if (!isReady || !readyNodes.contains(p.path("spec").path("nodeName").asText())) return false;
            hashes.add(p.path("metadata").path("labels").path("pod-template-hash").asText());
            ready++;
        }
        return ready == REPLICAS && hashes.size() == 1;
    }

    /**
     * Processes whose working directory is a pod sandbox under this scenario's agents' data
     * directories ({@code .../pods/UID/CONTAINER}) while no pod with that UID exists: containers
     * that outlived their pod. Read from /proc, so it sees what the agents may have forgotten.
     */
    List<String> orphans(AgentProcess via) {
        Http.Reply r = Http.get(via.baseUrl() + "/api/v1/pods");
        if (r.status() != 200) return List.of("(pods not readable)");
        Set<String> uids = new HashSet<>();
        for (JsonNode p : r.json().path("items")) uids.add(p.path("metadata").path("uid").asText());
        java.nio.file.Path root = java.nio.file.Path.of("target", "it-data", name).toAbsolutePath().normalize();
        List<String> out = new ArrayList<>();
        try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (java.nio.file.Path proc : (Iterable<java.nio.file.Path>) procs::iterator) {
                if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) continue;
                java.nio.file.Path cwd;
                try {
                    cwd = java.nio.file.Files.readSymbolicLink(proc.resolve("cwd"));
                } catch (IOException | SecurityException gone) {
                    continue;
                }
                if (!cwd.startsWith(root)) continue;
                java.nio.file.Path rel = root.relativize(cwd);  // AGENT/pods/UID/CONTAINER
                if (rel.getNameCount() >= 3 && rel.getName(1).toString().equals("pods") && !uids.contains(rel.getName(2).toString())) {
                    out.add(rel + " (pid " + proc.getFileName() + ")");
                }
            }
        } catch (IOException e) {
            return List.of("(/proc not readable: " + e + ")");
        }
        return out;
    }

    /** Records which leader stamped which epoch of web's Deployment and ReplicaSets, from every node, until stopped. */
    private void sampleLeaders() {
        while (running.get()) {
            for (AgentProcess a : cluster.agents()) {
                if (!a.isAlive()) continue;
                for (String path : List.of("/apis/apps/v1/namespaces/default/deployments", "/apis/apps/v1/namespaces/default/replicasets")) {
                    try {
                        Http.Reply r = Http.get(a.baseUrl() + path);
                        if (r.status() != 200) continue;
                        for (JsonNode o : r.json().path("items")) {
                            JsonNode ann = o.path("metadata").path("annotations");
                            String epoch = ann.path("shoal.dev/leader-epoch").asText("");
                            String leader = ann.path("shoal.dev/leader").asText("");
                            if (!epoch.isEmpty() && !leader.isEmpty()) {
                                leaders.computeIfAbsent("default/web@" + epoch, k -> ConcurrentHashMap.newKeySet()).add(leader);
                            }
                        }
                    } catch (RuntimeException unreachable) {
                        // a paused or partitioned node: sampled again next round
                    }
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());  // sampling rate
        }
    }

    private void spawn(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() {
        running.set(false);
        network.close();
        for (AgentProcess a : cluster.agents()) {
            try {
                a.resume();  // a paused JVM must not outlive the test
            } catch (Exception notPausedOrGone) {
                // nothing to resume
            }
        }
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
