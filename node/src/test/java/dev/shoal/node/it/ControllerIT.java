package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deployments become placed pods with no master: three real agents, each leading the
 * Deployments whose keys it owns, placing pods by bidding. Scale, delete, unschedulable pods,
 * and a node that joins later.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllerIT {
    static final Duration CONVERGE = Duration.ofSeconds(30);
    private TestCluster cluster;

    @BeforeAll
    void start() throws Exception {
        // Equal nodes of 4 cores and 8 GiB each, whatever the machine has.
        cluster = TestCluster.create("ControllerIT", 3, 16643, 15951, List.of("--cpu", "4000", "--memory-mib", "8192")).start();
        cluster.awaitNodesReady(3);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    static String deployment(String name, int replicas, String cpu, String memory) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                         "template":{"metadata":{"labels":{"app":"%s"}},
                                     "spec":{"containers":[{"name":"c","image":"example/app:1","command":["sleep","3600"],
                                       "resources":{"requests":{"cpu":"%s","memory":"%s"}}}]}}}}"""
                .formatted(name, replicas, name, name, cpu, memory);
    }

    static List<JsonNode> pods(AgentProcess via, String app) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : Http.get(via.baseUrl() + "/api/v1/namespaces/default/pods?labelSelector=app%3D" + app).json().path("items")) {
            String phase = p.path("status").path("phase").asText();
            if (!phase.equals("Failed") && !phase.equals("Succeeded")) out.add(p);
        }
        return out;
    }

    /** node -> number of active pods bound to it; "" for unbound. */
    static Map<String, Integer> perNode(List<JsonNode> pods) {
        Map<String, Integer> m = new TreeMap<>();
        for (JsonNode p : pods) m.merge(p.path("spec").path("nodeName").asText(""), 1, Integer::sum);
        return m;
    }

    static void awaitBound(AgentProcess via, String app, int n) {
        Await.until(CONVERGE, n + " bound pods of " + app, () -> {
            List<JsonNode> pods = pods(via, app);
            boolean allBound = pods.stream().allMatch(p -> !p.path("spec").path("nodeName").asText("").isEmpty());
            return pods.size() == n && allBound ? Boolean.TRUE : null;
        });
    }

    @Test
    @Order(1)
    void nineReplicasAreSpreadThreePerEqualNode() {
        AgentProcess a = cluster.agent(0);
        assertEquals(201, Http.post(a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments",
                deployment("web", 9, "100m", "64Mi")).status());
        awaitBound(cluster.agent(2), "web", 9);
        assertEquals(Map.of("node-1", 3, "node-2", 3, "node-3", 3), perNode(pods(a, "web")));
        JsonNode d = Await.until(CONVERGE, "web's status to count 9 replicas", () -> {
            JsonNode dep = Http.get(a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web").json();
            return dep.path("status").path("replicas").asInt() == 9 ? dep : null;
        });
        assertTrue(!d.path("metadata").path("annotations").path("shoal.dev/leader").asText().isEmpty(), d.toString());
    }

    @Test
    @Order(2)
    void scaleDownToTwoAndUpToTwenty() {
        AgentProcess b = cluster.agent(1);
        String scale = b.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web/scale";
        assertEquals(200, Http.send("PATCH", scale, "{\"spec\":{\"replicas\":2}}", "application/merge-patch+json").status());
        awaitBound(cluster.agent(0), "web", 2);
        assertEquals(200, Http.send("PATCH", scale, "{\"spec\":{\"replicas\":20}}", "application/merge-patch+json").status());
        awaitBound(cluster.agent(2), "web", 20);
        Map<String, Integer> spread = perNode(pods(b, "web"));
        assertEquals(3, spread.size(), spread.toString());
        assertTrue(spread.values().stream().allMatch(n -> n >= 6 && n <= 7), "20 over 3 equal nodes: " + spread);
    }

    @Test
    @Order(3)
    void deleteLeavesNothingBehind() {
        AgentProcess c = cluster.agent(2);
        assertEquals(200, Http.delete(c.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web").status());
        Await.until(CONVERGE, "no ReplicaSets and no pods of web", () -> {
            int sets = Http.get(c.baseUrl() + "/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb").json().path("items").size();
            int pods = Http.get(c.baseUrl() + "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb").json().path("items").size();
            return sets == 0 && pods == 0 ? Boolean.TRUE : null;
        });
    }

    @Test
    @Order(4)
    void unschedulablePodsStayPendingWithReasonsUntilANodeJoins() throws Exception {
        AgentProcess a = cluster.agent(0);
        // 6 cores per pod: no node of 4 cores can take one.
        assertEquals(201, Http.post(a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments",
                deployment("big", 2, "6", "64Mi")).status());
        String message = Await.until(CONVERGE, "pods of big Pending with a reason", () -> {
            List<JsonNode> pods = pods(a, "big");
            if (pods.size() != 2) return null;
            for (JsonNode c : pods.get(0).path("status").path("conditions")) {
                if (c.path("type").asText().equals("PodScheduled") && c.path("status").asText().equals("False")) {
                    return c.path("message").asText();
                }
            }
            return null;
        });
        assertEquals("0/3 nodes are available: 3 insufficient cpu.", message);

        try (AgentProcess big = cluster.addAgent("node-4", List.of("--cpu", "16000", "--memory-mib", "8192"))) {
            awaitBound(a, "big", 2);
            assertEquals(Map.of("node-4", 2), perNode(pods(a, "big")));
            assertEquals(200, Http.delete(a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/big").status());
            Await.until(CONVERGE, "big's pods collected", () -> pods(a, "big").isEmpty() ? Boolean.TRUE : null);
        }
    }

    @Test
    @Order(5)
    void orphanCascadeKeepsTheReplicaSetAndItsPods() {
        AgentProcess a = cluster.agent(0), b = cluster.agent(1);
        assertEquals(201, Http.post(a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments",
                deployment("keep", 2, "100m", "64Mi")).status());
        awaitBound(b, "keep", 2);
        Http.Reply deleted = Http.send("DELETE", b.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/keep",
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Orphan\"}", "application/json");
        assertEquals(200, deleted.status(), deleted.body());
        String sets = a.baseUrl() + "/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dkeep";
        JsonNode rs = Http.get(sets).json().path("items");
        assertEquals(1, rs.size());
        assertTrue(rs.get(0).path("metadata").path("ownerReferences").isMissingNode(), rs.toString());
        // The collector runs on every owner deletion; give it a pass, then the orphans must still be there.
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            assertEquals(2, pods(a, "keep").size(), "an orphaned ReplicaSet's pods are kept");
            assertEquals(1, Http.get(sets).json().path("items").size(), "the orphaned ReplicaSet is kept");
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());  // sampling interval of a bounded check
        }
        String rsName = rs.get(0).path("metadata").path("name").asText();
        assertEquals(200, Http.delete(a.baseUrl() + "/apis/apps/v1/namespaces/default/replicasets/" + rsName).status());
        Await.until(CONVERGE, "the ReplicaSet's pods collected", () -> pods(a, "keep").isEmpty() ? Boolean.TRUE : null);
    }
}
