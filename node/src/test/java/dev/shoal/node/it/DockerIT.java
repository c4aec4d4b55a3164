package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.shoal.node.docker.TestImages;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three agents on a real Docker engine, running a locally built HTTP image: replicas answer on
 * their host ports, a container killed behind Shoal's back is restarted, a crashing one backs
 * off, probes gate readiness and restart the unhealthy, and a SIGKILLed agent's replicas are
 * Ready elsewhere within 10 s (ten trials) while its return leaves exactly the desired count
 * of containers on the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final long READY_BUDGET_MS = 10_000;
    static final int TRIALS = 10;
    static final Set<String> NODES = Set.of("node-1", "node-2", "node-3");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private TestCluster cluster;
    private DockerClient docker;

    @BeforeAll
    void start() throws Exception {
        TestImages.build();
        docker = TestImages.client();
        removeContainers();  // an earlier run's, if it was killed before cleaning up
        cluster = TestCluster.create("DockerIT", 3, 17143, 16201,
                List.of("--runtime", "docker", "--cpu", "4000", "--memory-mib", "8192")).start();
        cluster.awaitNodesReady(3);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (docker != null) {
            removeContainers();  // agents leave containers running for their successors; there are none
            docker.close();
        }
    }

    /** A Deployment of the test image: readiness on /healthz, a named port, a short grace. */
    static String deployment(String name, int replicas, String containerExtra) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                   "template":{"metadata":{"labels":{"app":"%s"}},
                     "spec":{"terminationGracePeriodSeconds":5,
                       "containers":[{"name":"web","image":"%s","imagePullPolicy":"Never",
                         "ports":[{"name":"http","containerPort":8080}],
                         "resources":{"requests":{"cpu":"100m","memory":"32Mi"},"limits":{"cpu":"500m","memory":"64Mi"}}%s}]}}}}"""
                .formatted(name, replicas, name, name, TestImages.HTTP, containerExtra);
    }

    static final String READINESS = """
            ,"readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":1}""";

    @Test
    @Order(1)
    void sixReplicasOnThreeNodesEachAnswerHttpOnItsHostPort() throws Exception {
        AgentProcess via = cluster.agent(0);
        create(via, deployment("web", 6, READINESS));
        List<JsonNode> pods = awaitReady(via, "web", 6, NODES);

        Set<String> answers = new HashSet<>();
        for (JsonNode pod : pods) {
            String host = pod.path("status").path("hostIP").asText();
            int port = pod.path("status").path("hostPorts").path(0).path("hostPort").asInt();
            String containerId = pod.path("status").path("containerStatuses").path(0).path("containerID").asText();
            assertTrue(containerId.startsWith("docker://"), containerId);
            String body = get("http://" + host + ":" + port + "/");
            assertEquals("hello from " + containerId.substring("docker://".length(), "docker://".length() + 12) + "\n", body,
                    pod.path("metadata").path("name").asText() + " answers on " + host + ":" + port);
            answers.add(body);
        }
        assertEquals(6, answers.size(), "six distinct containers answered");
        assertEquals(Map.of("node-1", 2, "node-2", 2, "node-3", 2), ControllerIT.perNode(pods));
        assertEquals(6, running("web").size(), "six containers on the engine");

        String wide = cli(via, "get", "pods", "-l", "app=web", "-o", "wide");
        System.out.println("DockerIT: shoal get pods -o wide\n" + wide);
        assertTrue(wide.contains("HOST PORTS"), wide);
        for (JsonNode pod : pods) {
            String line = wide.lines().filter(l -> l.startsWith(pod.path("metadata").path("name").asText())).findFirst().orElseThrow();
            assertTrue(line.contains("1/1") && line.contains("Running") && line.contains(pod.path("spec").path("nodeName").asText())
                    && line.contains(pod.path("status").path("hostIP").asText() + ":"
                    + pod.path("status").path("hostPorts").path(0).path("hostPort").asInt() + "->8080/TCP"), line);
        }
    }

    @Test
    @Order(2)
    void aContainerKilledBehindShoalsBackIsRestartedAndACrashingOneBacksOff() throws Exception {
        AgentProcess via = cluster.agent(1);
        JsonNode victim = ControllerIT.pods(via, "web").get(0);
        String name = victim.path("metadata").path("name").asText();
        String oldId = victim.path("status").path("containerStatuses").path(0).path("containerID").asText().substring(9);

        docker.killContainerCmd(oldId).exec();

        JsonNode restarted = Await.until(DEADLINE, name + " restarted and Ready", () -> {
            JsonNode p = Http.get(via.baseUrl() + "/api/v1/namespaces/default/pods/" + name).json();
            JsonNode s = p.path("status").path("containerStatuses").path(0);
            return s.path("restartCount").asInt() == 1 && s.path("ready").asBoolean() ? p : null;
        });
        JsonNode s = restarted.path("status").path("containerStatuses").path(0);
        assertNotEquals("docker://" + oldId, s.path("containerID").asText(), "a new container");
        assertEquals(137, s.path("lastState").path("terminated").path("exitCode").asInt(), "the kill, as lastState");

        create(via, deployment("crash", 1, """
                ,"command":["/bin/sh","-c","echo about to fail; exit 3"]"""));
        JsonNode crashing = Await.until(DEADLINE, "crash to be in CrashLoopBackOff after 2 restarts", () -> {
            List<JsonNode> pods = ControllerIT.pods(via, "crash");
            if (pods.isEmpty()) return null;
            JsonNode c = pods.get(0).path("status").path("containerStatuses").path(0);
            return c.path("restartCount").asInt() >= 2
                    && c.path("state").path("waiting").path("reason").asText().equals("CrashLoopBackOff") ? pods.get(0) : null;
        });
        JsonNode c = crashing.path("status").path("containerStatuses").path(0);
        assertEquals(3, c.path("lastState").path("terminated").path("exitCode").asInt());
        assertTrue(c.path("state").path("waiting").path("message").asText().startsWith("back-off 20s"),
                "second back-off doubles the first 10 s: " + c);
        // and it stays down for the back-off: no third restart within the next few seconds
        int restarts = c.path("restartCount").asInt();
        String podName = crashing.path("metadata").path("name").asText();
        Await.holds(Duration.ofSeconds(5), "no restart during the 20 s back-off", () -> assertEquals(restarts,
                Http.get(via.baseUrl() + "/api/v1/namespaces/default/pods/" + podName).json()
                        .path("status").path("containerStatuses").path(0).path("restartCount").asInt()));

        Await.until(DEADLINE, "a BackOff event for " + podName, () -> events(via, podName).contains(
                "BackOff: Back-off restarting failed container web in pod " + podName) ? Boolean.TRUE : null);
        String describe = cli(via, "describe", "pod", podName);
        System.out.println("DockerIT: shoal describe pod " + podName + "\n" + describe);
        assertTrue(describe.contains("CrashLoopBackOff") && describe.contains("back-off 20s restarting failed container")
                && describe.contains("Back-off restarting failed container web") && describe.contains("Started container web")
                && describe.contains("Exit Code:") && describe.contains("Restart Count:  " + restarts), describe);
        String logs = cli(via, "logs", podName);
        assertTrue(logs.contains("about to fail"), "logs of a crashing container: " + logs);
        delete(via, "crash");
    }

    @Test
    @Order(3)
    void aFailingReadinessProbeKeepsAPodNotReadyAndAFailingLivenessProbeRestartsIt() throws Exception {
        AgentProcess via = cluster.agent(2);
        create(via, deployment("unready", 1, """
                ,"readinessProbe":{"httpGet":{"path":"/missing","port":"http"},"periodSeconds":1}"""));
        create(via, deployment("unlive", 1, READINESS + """
                ,"livenessProbe":{"httpGet":{"path":"/missing","port":8080},"periodSeconds":1,"failureThreshold":2}"""));

        Await.until(DEADLINE, "unready's container running", () -> {
            List<JsonNode> p = ControllerIT.pods(via, "unready");
            return !p.isEmpty() && p.get(0).path("status").path("containerStatuses").path(0).path("state").has("running") ? p : null;
        });
        Await.holds(Duration.ofSeconds(5), "unready stays NotReady", () -> {
            JsonNode p = ControllerIT.pods(via, "unready").get(0);
            assertEquals("False", condition(p, "Ready"), p.path("status").toString());
            assertEquals("Running", p.path("status").path("phase").asText());
        });

        JsonNode unlive = Await.until(DEADLINE, "unlive restarted by its liveness probe", () -> {
            List<JsonNode> p = ControllerIT.pods(via, "unlive");
            return !p.isEmpty() && p.get(0).path("status").path("containerStatuses").path(0).path("restartCount").asInt() >= 1
                    ? p.get(0) : null;
        });
        String unreadyPod = ControllerIT.pods(via, "unready").get(0).path("metadata").path("name").asText();
        Await.until(DEADLINE, "an Unhealthy event for " + unreadyPod, () -> events(via, unreadyPod)
                .contains("Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404") ? Boolean.TRUE : null);
        String unlivePod = unlive.path("metadata").path("name").asText();
        Await.until(DEADLINE, "a Killing event for " + unlivePod, () -> events(via, unlivePod)
                .contains("Killing: Container web Liveness probe failed") ? Boolean.TRUE : null);
        JsonNode last = unlive.path("status").path("containerStatuses").path(0).path("lastState").path("terminated");
        assertTrue(last.path("message").asText().startsWith("Liveness probe failed: HTTP probe failed with statuscode: 404"),
                last.toString());
        delete(via, "unready");
        delete(via, "unlive");
    }

    @Test
    @Order(4)
    void aKilledAgentsReplicasAreReadyElsewhereWithinTenSecondsAndItsReturnLeavesExactlyTheDesiredCount() throws Exception {
        delete(cluster.agent(0), "web");
        List<Long> times = new ArrayList<>();
        for (int trial = 1; trial <= TRIALS; trial++) {
            String app = "loss-" + trial;
            AgentProcess victim = cluster.agent(trial % 3);
            AgentProcess survivor = cluster.agent((trial + 1) % 3);
            create(survivor, deployment(app, 6, READINESS));
            awaitReady(survivor, app, 6, NODES);
            Set<String> live = new HashSet<>(NODES);
            live.remove(victim.name());

            long killedAt = System.nanoTime();
            victim.kill();
            awaitReady(survivor, app, 6, live);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            times.add(ms);
            int orphans = (int) running(app).stream().filter(c -> victim.name().equals(c.getLabels().get("dev.shoal.node"))).count();
            System.out.println("DockerIT: trial " + trial + ": SIGKILLed " + victim.name() + "; 6 pods Ready on "
                    + live + " after " + ms + " ms; its " + orphans + " containers still run on the engine");

            victim.start();
            victim.awaitReady(TestCluster.START_TIMEOUT);
            Await.until(DEADLINE, "exactly 6 containers of " + app + " on the engine after " + victim.name() + " returned",
                    () -> running(app).size() == 6 ? Boolean.TRUE : null);
            Await.holds(Duration.ofSeconds(2), "still exactly 6", () -> assertEquals(6, running(app).size()));
            assertEquals(6, ControllerIT.pods(survivor, app).size());

            delete(survivor, app);
        }
        List<Long> sorted = times.stream().sorted().toList();
        System.out.println("DockerIT: Ready-elsewhere times " + times + " ms; p50 " + sorted.get((sorted.size() - 1) / 2)
                + " ms, p90 " + sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1) + " ms, max " + sorted.get(sorted.size() - 1) + " ms");
        for (int i = 0; i < times.size(); i++) {
            assertTrue(times.get(i) <= READY_BUDGET_MS, "trial " + (i + 1) + " took " + times.get(i) + " ms: " + times);
        }
    }

    // ---- helpers

    private static void create(AgentProcess via, String deployment) {
        Http.Reply r = Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", deployment);
        assertEquals(201, r.status(), r.body());
    }

    /** Deletes the Deployment and waits until its containers are gone from the engine. */
    private void delete(AgentProcess via, String app) {
        assertEquals(200, Http.delete(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/" + app).status());
        Await.until(DEADLINE, app + "'s containers removed", () -> running(app).isEmpty() ? Boolean.TRUE : null);
    }

    /** Exactly {@code n} pods of {@code app}, all Ready, all on {@code nodes}. */
    private static List<JsonNode> awaitReady(AgentProcess via, String app, int n, Set<String> nodes) {
        return Await.until(DEADLINE, n + " Ready pods of " + app + " on " + nodes, () -> {
            List<JsonNode> pods = ControllerIT.pods(via, app);
            if (pods.size() != n) return null;
            for (JsonNode p : pods) {
                if (!nodes.contains(p.path("spec").path("nodeName").asText()) || !"True".equals(condition(p, "Ready"))) return null;
            }
            return pods;
        });
    }

    /** "Reason: message" of every Event about the pod, one per line. */
    private static String events(AgentProcess via, String pod) {
        StringBuilder out = new StringBuilder();
        for (JsonNode e : Http.get(via.baseUrl() + "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D" + pod)
                .json().path("items")) {
            out.append(e.path("reason").asText()).append(": ").append(e.path("message").asText()).append('\n');
        }
        return out.toString();
    }

    private static String condition(JsonNode pod, String type) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) return c.path("status").asText();
        }
        return "";
    }

    /** The engine's running containers of {@code app}'s pods on this cluster's nodes. */
    private List<Container> running(String app) {
        return docker.listContainersCmd().withLabelFilter(Map.of("dev.shoal.pod.namespace", "default")).exec().stream()
                .filter(c -> NODES.contains(c.getLabels().get("dev.shoal.node")))
                .filter(c -> c.getLabels().getOrDefault("dev.shoal.pod.name", "").startsWith(app + "-"))
                .toList();
    }

    private void removeContainers() {
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of("dev.shoal.node")).exec()) {
            if (NODES.contains(c.getLabels().get("dev.shoal.node"))) docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    /** The real CLI, in its own JVM, as a user runs it; fails unless it exits 0. */
    private static String cli(AgentProcess via, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.shoal.node.Main",
                "--server", via.server()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "shoal " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "shoal " + String.join(" ", args) + ":\n" + out);
        return out;
    }
}
