package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Services on three agents (process runtime, Shoal's hello server): a cluster IP from the
 * loopback range and a node port are allocated, every agent's proxy serves the VIP (the agents
 * share it through SO_REUSEPORT, as they share the machine) and its own node port, connections
 * reach every replica, Endpoints are computed, and a client looping over the VIP during a
 * scale-down sees no failed request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final Pattern POD = Pattern.compile("\\((web-[a-z0-9-]+)\\)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private TestCluster cluster;
    private String vip;
    private int nodePort;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.create("ServiceIT", 3, 17343, 16301, List.of("--cpu", "4000", "--memory-mib", "8192")).start();
        cluster.awaitNodesReady(3);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void aServiceGetsAClusterIpAndANodePortAndReachesEveryReplicaFromEveryNode() throws Exception {
        AgentProcess via = cluster.agent(0);
        assertEquals(201, Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", NodeLossIT.hello("web", 3)).status());
        Http.Reply created = Http.post(via.baseUrl() + "/api/v1/namespaces/default/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80,"targetPort":"http"}]}}""");
        assertEquals(201, created.status(), created.body());
        JsonNode spec = created.json().path("spec");
        vip = spec.path("clusterIP").asText();
        nodePort = spec.path("ports").path(0).path("nodePort").asInt();
        assertTrue(vip.startsWith("127.10."), "a cluster IP from the loopback range: " + vip);
        assertTrue(nodePort >= 30000 && nodePort <= 32767, "node port " + nodePort);

        Set<String> pods = podNames(via);
        assertEquals(3, pods.size());
        Set<String> viaVip = awaitAll(vip, 80, pods);
        System.out.println("ServiceIT: " + vip + ":80 reached " + viaVip);
        for (AgentProcess node : cluster.agents()) {
            Set<String> viaNodePort = awaitAll(node.address(), nodePort, pods);
            System.out.println("ServiceIT: node port " + node.address() + ":" + nodePort + " reached " + viaNodePort);
        }

        JsonNode ep = Http.get(cluster.agent(1).baseUrl() + "/api/v1/namespaces/default/endpoints/web").json();
        int ready = 0;
        for (JsonNode subset : ep.path("subsets")) ready += subset.path("addresses").size();
        assertEquals(3, ready, ep.toString());

        JsonNode slices = Http.get(cluster.agent(2).baseUrl()
                + "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb").json();
        int sliced = 0;
        for (JsonNode slice : slices.path("items")) sliced += slice.path("endpoints").size();
        assertEquals(3, sliced, slices.toString());

        Http.Reply taken = Http.post(via.baseUrl() + "/api/v1/namespaces/default/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web2"},
                 "spec":{"clusterIP":"%s","selector":{"app":"web"},"ports":[{"port":80}]}}""".formatted(vip));
        assertEquals(422, taken.status(), taken.body());
        assertTrue(taken.body().contains("spec.clusterIPs") && taken.body().contains("already allocated"), taken.body());
    }

    @Test
    @Order(2)
    void aClientLoopingOverTheVipDuringAScaleDownSeesNoFailure() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    String response = fetch(vip, 80);
                    if (response.startsWith("HTTP/1.1 200") || response.startsWith("HTTP/1.0 200")) ok.incrementAndGet();
                    else failed.incrementAndGet();
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            }
        }, "vip-client");
        client.start();
        try {
            Await.until(DEADLINE, "the client going", () -> ok.get() > 20 ? Boolean.TRUE : null);
            AgentProcess via = cluster.agent(2);
            assertEquals(200, Http.send("PATCH", via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web",
                    "{\"spec\":{\"replicas\":1}}", "application/merge-patch+json").status());
            Await.until(DEADLINE, "one pod left", () -> ControllerIT.pods(via, "web").size() == 1 ? Boolean.TRUE : null);
            int after = ok.get();
            Await.until(DEADLINE, "more requests after the scale-down", () -> ok.get() > after + 20 ? Boolean.TRUE : null);
        } finally {
            running.set(false);
            client.join(10_000);
        }
        System.out.println("ServiceIT: during the scale-down 3 -> 1: " + ok.get() + " requests ok, " + failed.get() + " failed");
        assertEquals(0, failed.get(), ok.get() + " ok");
    }

    @Test
    @Order(3)
    void aClientLoopingOverTheVipWhileAPodIsKilledAndThenANodeIsKilledLosesAtMostTheRequestsInFlight() throws Exception {
        AgentProcess via = cluster.agent(0);
        assertEquals(200, Http.send("PATCH", via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web",
                "{\"spec\":{\"replicas\":3}}", "application/merge-patch+json").status());
        podNames(via);
        // the two pods started after the Service know it, as Kubernetes' service links say
        long linked = ControllerIT.pods(via, "web").stream().filter(p -> environ(p).contains("\0WEB_SERVICE_HOST=" + vip + "\0")
                && environ(p).contains("\0WEB_SERVICE_PORT=80\0")).count();
        assertTrue(linked >= 2, linked + " pods have WEB_SERVICE_HOST=" + vip);
        Loop loop = new Loop(vip, 80);
        try {
            loop.awaitMore(20);
            // a pod's process dies abruptly: its port refuses, the proxy retries another pod
            JsonNode victim = ControllerIT.pods(via, "web").get(0);
            long pid = Long.parseLong(victim.path("status").path("containerStatuses").path(0).path("containerID").asText()
                    .substring("process://".length()));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Await.until(DEADLINE, "the killed pod restarted", () -> ControllerIT.pods(via, "web").stream().anyMatch(p ->
                    p.path("status").path("containerStatuses").path(0).path("restartCount").asInt() >= 1) ? Boolean.TRUE : null);
            loop.awaitMore(20);
            int afterPodKill = loop.failed.get();
            System.out.println("ServiceIT: pod process SIGKILLed: " + loop.ok.get() + " ok, " + afterPodKill + " failed");

            // a whole agent dies: its proxy's listener goes with it (the others share the VIP) and its pods are replaced
            AgentProcess node = cluster.agent(2);
            node.kill();
            podNamesOn(cluster.agent(0), Set.of("node-1", "node-2"));
            loop.awaitMore(20);
            System.out.println("ServiceIT: agent " + node.name() + " SIGKILLed: " + loop.ok.get() + " ok, "
                    + (loop.failed.get() - afterPodKill) + " failed");
            // one client, one request at a time: at most the request in flight on the killed process fails;
            // after that its port refuses and the proxy retries another pod before the client notices
            assertTrue(afterPodKill <= 1, "at most the request in flight when the process died: " + afterPodKill);
            assertTrue(loop.failed.get() - afterPodKill <= 2, "at most the requests in flight on the dead agent's proxy: "
                    + (loop.failed.get() - afterPodKill));
        } finally {
            loop.stop();
        }
    }

    /** The environment of a pod's process (process runtime: the container ID is the pid), NUL-separated. */
    private static String environ(JsonNode pod) {
        String id = pod.path("status").path("containerStatuses").path(0).path("containerID").asText();
        try {
            return "\0" + new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc",
                    id.substring("process://".length()), "environ")), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A client that fetches the VIP over and over, each time on a new connection, and counts. */
    private static final class Loop {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Loop(String host, int port) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (fetch(host, port).matches("(?s)HTTP/1\\.[01] 200.*")) ok.incrementAndGet();
                        else failed.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
            }, "vip-loop");
            thread.start();
        }

        void awaitMore(int n) {
            int from = ok.get();
            Await.until(DEADLINE, n + " more successful requests", () -> ok.get() >= from + n ? Boolean.TRUE : null);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    private Set<String> podNamesOn(AgentProcess via, Set<String> nodes) {
        return Await.until(DEADLINE, "3 ready pods of web on " + nodes, () -> {
            Set<String> names = new HashSet<>();
            for (JsonNode p : ControllerIT.pods(via, "web")) {
                if (!nodes.contains(p.path("spec").path("nodeName").asText())) return null;
                for (JsonNode c : p.path("status").path("conditions")) {
                    if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
                        names.add(p.path("metadata").path("name").asText());
                    }
                }
            }
            return names.size() == 3 ? names : null;
        });
    }

    private Set<String> podNames(AgentProcess via) {
        return Await.until(DEADLINE, "3 ready pods of web", () -> {
            Set<String> names = new HashSet<>();
            for (JsonNode p : ControllerIT.pods(via, "web")) {
                for (JsonNode c : p.path("status").path("conditions")) {
                    if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
                        names.add(p.path("metadata").path("name").asText());
                    }
                }
            }
            return names.size() == 3 ? names : null;
        });
    }

    /** Connects (a new connection each time) until every pod in {@code pods} has answered. */
    private Set<String> awaitAll(String host, int port, Set<String> pods) {
        String url = host + ":" + port;
        Set<String> seen = new HashSet<>();
        Await.until(DEADLINE, url + " to reach " + pods + " (so far " + seen + ")", () -> {
            try {
                String response = fetch(host, port);
                Matcher m = POD.matcher(response);
                if (response.matches("(?s)HTTP/1\\.[01] 200.*") && m.find()) seen.add(m.group(1));
            } catch (IOException e) {
                // not yet listening
            }
            return seen.containsAll(pods) ? Boolean.TRUE : null;
        });
        return seen;
    }

    /** One GET on a connection of its own (HTTP/1.0: the server closes it), so each request is a new proxied connection. */
    static String fetch(String host, int port) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
