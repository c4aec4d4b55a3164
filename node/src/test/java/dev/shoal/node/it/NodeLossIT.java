package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that dies takes its pods with it and the survivors replace them, on the process runtime
 * (the machine-without-Docker case; {@link DockerIT} runs the same scenario on Docker). Ten trials
 * on three equal agents: each trial creates a fresh Deployment of 6 (2 per node) of Shoal's hello
 * server with a readiness probe, SIGKILLs one agent (odd trials: the Deployment's leader, so
 * leadership must fail over before anything is replaced; even trials: a non-leader, alternating
 * between the two), measures the time until exactly 6 pods are Ready on live nodes, then restarts
 * the agent on its old data directory and checks that its return resurrects nothing: still exactly
 * 6 pods, and exactly 6 server processes on the machine (the dead agent's, which outlived it, are
 * stopped once it is back).
 *
 * <p>A fresh Deployment per trial, rather than one for all ten: after a restart the survivors
 * hold all six pods and the returning node none, so a second kill of it would replace nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLossIT {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final long REPLACE_BUDGET_MS = 10_000;
    static final int TRIALS = 10;
    static final int REPLICAS = 6;
    private TestCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.create("NodeLossIT", 3, 16743, 16001, List.of("--cpu", "4000", "--memory-mib", "8192")).start();
        cluster.awaitNodesReady(3);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    @Test
    void lostPodsAreReplacedOnLiveNodesWithinTenSecondsAndNotResurrected() throws Exception {
        List<Long> times = new ArrayList<>();
        for (int trial = 1; trial <= TRIALS; trial++) {
            String app = "web-" + trial;
            AgentProcess via = cluster.agent(trial % 3);
            assertEquals(201, Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", hello(app)).status());
            awaitExactlyReadyOn(via, app, Set.of("node-1", "node-2", "node-3"));
            assertEquals(Map.of("node-1", 2, "node-2", 2, "node-3", 2), ControllerIT.perNode(ControllerIT.pods(via, app)), app);
            String leader = leaderOf(via, app);

            boolean killLeader = trial % 2 == 1;
            List<AgentProcess> others = cluster.agents().stream().filter(a -> !a.name().equals(leader)).toList();
            AgentProcess victim = killLeader ? byName(leader) : others.get((trial / 2) % 2);
            AgentProcess survivor = cluster.agents().stream().filter(a -> a != victim).findFirst().orElseThrow();
            Set<String> live = new HashSet<>(Set.of("node-1", "node-2", "node-3"));
            live.remove(victim.name());

            long killedAt = System.nanoTime();
            victim.kill();
            awaitExactlyReadyOn(survivor, app, live);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            times.add(ms);
            System.out.println("NodeLossIT: trial " + trial + ": SIGKILLed " + victim.name() + " ("
                    + (killLeader ? "leader" : "not leader, leader " + leader) + " of " + app + ", 2 pods on it); "
                    + REPLICAS + " active pods on live nodes after " + ms + " ms, now leader "
                    + leaderOf(survivor, app) + "; spread " + ControllerIT.perNode(ControllerIT.pods(survivor, app)));

            long restartAt = System.nanoTime();
            victim.start();
            victim.awaitReady(TestCluster.START_TIMEOUT);
            cluster.awaitNodesReady(3, DEADLINE);
            // The returning node brings no old pods back, and the lost records are collected.
            Await.until(DEADLINE, "exactly " + REPLICAS + " pods of " + app + " (no lost records, no duplicates) after "
                    + victim.name() + " returned", () -> {
                JsonNode items = Http.get(victim.baseUrl() + "/api/v1/namespaces/default/pods?labelSelector=app%3D" + app)
                        .json().path("items");
                if (items.size() != REPLICAS) return null;
                for (JsonNode p : items) {
                    if (p.path("status").path("phase").asText().equals("Failed")) return null;
                    if (!live.contains(p.path("spec").path("nodeName").asText())) return null;
                }
                return Boolean.TRUE;
            });
            Await.until(DEADLINE, "exactly " + REPLICAS + " hello processes of " + app + " after " + victim.name() + " returned",
                    () -> servers(app) == REPLICAS ? Boolean.TRUE : null);
            System.out.println("NodeLossIT: trial " + trial + ": " + victim.name() + " back, lost pods collected and its "
                    + "old processes stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt) + " ms");

            assertEquals(200, Http.delete(survivor.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/" + app).status());
            Await.until(DEADLINE, app + "'s pods collected", () -> Http.get(survivor.baseUrl()
                    + "/api/v1/namespaces/default/pods?labelSelector=app%3D" + app).json().path("items").isEmpty() ? Boolean.TRUE : null);
            Await.until(DEADLINE, app + "'s processes stopped", () -> servers(app) == 0 ? Boolean.TRUE : null);
        }

        List<Long> sorted = times.stream().sorted().toList();
        System.out.println("NodeLossIT: replacement times " + times + " ms; p50 " + sorted.get((sorted.size() - 1) / 2)
                + " ms, max " + sorted.get(sorted.size() - 1) + " ms");
        for (int i = 0; i < times.size(); i++) {
            assertTrue(times.get(i) <= REPLACE_BUDGET_MS, "trial " + (i + 1) + " took " + times.get(i) + " ms: " + times);
        }
    }

    /** Shoal's hello server, its port named, Ready when /healthz answers; small enough for 6 on this machine. */
    static String hello(String app) {
        return hello(app, REPLICAS);
    }

    static String hello(String app, int replicas) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                   "template":{"metadata":{"labels":{"app":"%s"}},
                     "spec":{"terminationGracePeriodSeconds":5,"containers":[{"name":"hello","image":"shoal/hello:1",
                       "ports":[{"name":"http","containerPort":8080}],
                       "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":1},
                       "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}"""
                .formatted(app, replicas, app, app);
    }

    /** Waits until exactly {@link #REPLICAS} active pods of {@code app}, distinct, all Ready, all on nodes in {@code nodes}. */
    private static void awaitExactlyReadyOn(AgentProcess via, String app, Set<String> nodes) {
        Await.until(DEADLINE, "exactly " + REPLICAS + " Ready pods of " + app + " on " + nodes, () -> {
            List<JsonNode> pods = ControllerIT.pods(via, app);
            Set<String> names = new HashSet<>();
            for (JsonNode p : pods) {
                if (!nodes.contains(p.path("spec").path("nodeName").asText()) || !ready(p)) return null;
                names.add(p.path("metadata").path("name").asText());
            }
            return pods.size() == REPLICAS && names.size() == REPLICAS ? Boolean.TRUE : null;
        });
    }

    private static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) return c.path("status").asText().equals("True");
        }
        return false;
    }

    /** Live hello server processes of {@code app}'s pods on this machine, whichever agent started them (or none is left). */
    private static long servers(String app) {
        return ProcessHandle.allProcesses().filter(p -> {
            java.nio.file.Path environ = java.nio.file.Path.of("/proc", Long.toString(p.pid()), "environ");
            try {
                String env = "\0" + new String(java.nio.file.Files.readAllBytes(environ), java.nio.charset.StandardCharsets.UTF_8);
                return p.isAlive() && env.contains("\0POD_NAME=" + app + "-") && env.contains("\0NODE_NAME=node-");
            } catch (java.io.IOException | SecurityException gone) {
                return false;
            }
        }).count();
    }

    private static String leaderOf(AgentProcess via, String app) {
        return Await.until(DEADLINE, app + " to have a leader", () -> {
            String l = Http.get(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/" + app).json()
                    .path("metadata").path("annotations").path("shoal.dev/leader").asText("");
            return l.isEmpty() ? null : l;
        });
    }

    private AgentProcess byName(String name) {
        return cluster.agents().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no agent named " + name));
    }
}
