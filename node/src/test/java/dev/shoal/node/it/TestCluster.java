package dev.shoal.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * N real agents on 127.0.0.2, 127.0.0.3, ... each with its own data directory, all listing each
 * other as peers. Every test class gets its own ports so classes never see each other's agents.
 */
public final class TestCluster implements AutoCloseable {
    /** Three JVMs starting at once on 2 cores take up to ~15 s; leave room for a loaded CI machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final List<AgentProcess> agents = new ArrayList<>();
    private Path root;
    private int apiPort;
    private int clusterPort;
    private List<String> peers;

    private TestCluster() {}

    public static TestCluster create(String testName, int size, int apiPort, int clusterPort, List<String> extraArgs)
            throws IOException {
        return create(testName, apiPort, clusterPort, java.util.Collections.nCopies(size, extraArgs));
    }

    /** Agents of different shapes: {@code argsPerAgent.get(i)} are node-(i+1)'s extra flags. */
    public static TestCluster create(String testName, int apiPort, int clusterPort, List<List<String>> argsPerAgent)
            throws IOException {
        return create(testName, "node-", apiPort, clusterPort, argsPerAgent);
    }

    /**
     * Agents named {@code namePrefix + (i+1)}: a class whose Docker containers must not be taken for
     * another class's (containers carry their node's name) picks a prefix of its own.
     */
    public static TestCluster create(String testName, String namePrefix, int apiPort, int clusterPort,
                                     List<List<String>> argsPerAgent) throws IOException {
        int size = argsPerAgent.size();
        Path root = Path.of("target", "it-data", testName);
        deleteRecursively(root);
        TestCluster c = new TestCluster();
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < size; i++) peers.add(address(i) + ":" + clusterPort);
        c.root = root;
        c.apiPort = apiPort;
        c.clusterPort = clusterPort;
        c.peers = List.copyOf(peers);
        for (int i = 0; i < size; i++) {
            c.agents.add(new AgentProcess(namePrefix + (i + 1), address(i), apiPort, clusterPort, peers,
                    root.resolve(namePrefix + (i + 1)), argsPerAgent.get(i)));
        }
        return c;
    }

    private static String address(int i) {
        return "127.0.0." + (i + 2);
    }

    /** Starts every agent; if one never becomes ready, stops them all before failing, so none outlives the test. */
    public TestCluster start() throws IOException {
        try {
            for (AgentProcess a : agents) a.start();
            for (AgentProcess a : agents) a.awaitReady(START_TIMEOUT);
        } catch (IOException | RuntimeException | AssertionError e) {
            try {
                close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        return this;
    }

    /** Starts one more agent on the next loopback address, joining the cluster; the caller closes it. */
    public AgentProcess addAgent(String name, List<String> extraArgs) throws IOException {
        String address = address(agents.size());
        AgentProcess a = new AgentProcess(name, address, apiPort, clusterPort, peers, root.resolve(name), extraArgs).start();
        a.awaitReady(START_TIMEOUT);
        return a;
    }

    public AgentProcess agent(int i) {
        return agents.get(i);
    }

    public List<AgentProcess> agents() {
        return List.copyOf(agents);
    }

    /** Every agent sees every other one as a Ready node. */
    public void awaitNodesReady(int expected) {
        awaitNodesReady(expected, START_TIMEOUT);
    }

    public void awaitNodesReady(int expected, Duration timeout) {
        for (AgentProcess a : agents) {
            if (!a.isAlive()) continue;
            Await.until(timeout, a.name() + " to see " + expected + " Ready nodes",
                    () -> readyNodes(a).size() == expected ? Boolean.TRUE : null);
        }
    }

    /**
     * Every running agent reports {@code shoal_cluster_safe 1}: its share of the replicated state
     * has all its backups again, so stopping the next agent loses nothing (an upgrade's pace).
     */
    public void awaitReplicasInSync(Duration timeout) {
        for (AgentProcess a : agents) {
            if (!a.isAlive()) continue;
            Await.until(timeout, a.name() + " to report its replicas in sync (shoal_cluster_safe 1)",
                    () -> Http.get(a.baseUrl() + "/metrics").body().contains("\nshoal_cluster_safe 1.0") ? Boolean.TRUE : null);
        }
    }

    /** The names of the nodes {@code via} reports as Ready=True. */
    public static java.util.Set<String> readyNodes(AgentProcess via) {
        java.util.Set<String> ready = new java.util.TreeSet<>();
        for (var n : Http.get(via.baseUrl() + "/api/v1/nodes").json().path("items")) {
            for (var c : n.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
                    ready.add(n.path("metadata").path("name").asText());
                }
            }
        }
        return ready;
    }

    public void stopAll() throws InterruptedException {
        for (AgentProcess a : agents) a.stop(Duration.ofSeconds(20));
    }

    @Override
    public void close() throws InterruptedException {
        for (AgentProcess a : agents) a.close();
        if (root != null) ProcessReaper.killUnder(root);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
