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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rolling updates on three Docker agents, behind a Service, with a client hammering the VIP
 * (keep-alive and a new connection per request) and a sampler watching the pods throughout:
 * v1 -> v2 with zero failed requests and never more than replicas + maxSurge pods nor fewer than
 * replicas - maxUnavailable Ready; the same with the Deployment's leader SIGKILLed halfway; a
 * broken v3 (fails readiness) that stalls at the floor and is undone with kubectl; and the same v3
 * rolled back by Shoal itself ({@code shoal.dev/auto-rollback}); and a canary step of 2 pods
 * ({@code shoal.dev/canary-pods}) that holds until {@code rollout resume}. kubectl drives set
 * image, rollout status, undo and resume against different agents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutIT {
    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final int REPLICAS = 6;
    static final int MAX_SURGE = 1;
    static final int MAX_UNAVAILABLE = 1;
    static final String PREFIX = "ro-";
    /** Short, so the broken v3 is declared stalled within a test's patience; a healthy step never idles this long. */
    static final int PROGRESS_DEADLINE_SECONDS = 15;
    private TestCluster cluster;
    private DockerClient docker;
    private String vip;
    private Path kubeconfig;

    @BeforeAll
    void start() throws Exception {
        TestImages.buildVersions();
        docker = TestImages.client();
        removeContainers();  // an earlier run's, if it was killed before cleaning up
        cluster = TestCluster.create("RolloutIT", PREFIX, 17443, 16401, Collections.nCopies(3,
                List.of("--runtime", "docker", "--cpu", "4000", "--memory-mib", "8192"))).start();
        cluster.awaitNodesReady(3);
        AgentProcess via = cluster.agent(0);
        Http.Reply d = Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", deployment(TestImages.V1));
        assertEquals(201, d.status(), d.body());
        Http.Reply s = Http.post(via.baseUrl() + "/api/v1/namespaces/default/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80,"targetPort":"http"}]}}""");
        assertEquals(201, s.status(), s.body());
        vip = s.json().path("spec").path("clusterIP").asText();
        awaitRolledOut(via, TestImages.V1);
        Await.until(DEADLINE, "the VIP " + vip + " answering v1", () -> {
            try {
                return Traffic.fetchFresh(vip).startsWith("v1 ") ? Boolean.TRUE : null;
            } catch (IOException e) {
                return null;
            }
        });
        if (Kubectl.installed()) kubeconfig = Kubectl.kubeconfig(Files.createTempDirectory("shoal-rollout"), via.baseUrl());
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (docker != null) {
            removeContainers();
            docker.close();
        }
    }

    static String deployment(String image) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":%d,"minReadySeconds":2,"progressDeadlineSeconds":%d,
                   "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":%d,"maxUnavailable":%d}},
                   "selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},
                     "spec":{"terminationGracePeriodSeconds":5,
                       "containers":[{"name":"web","image":"%s","imagePullPolicy":"Never",
                         "ports":[{"name":"http","containerPort":8080}],
                         "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":1},
                         "resources":{"requests":{"cpu":"100m","memory":"32Mi"},"limits":{"cpu":"500m","memory":"64Mi"}}}]}}}}"""
                .formatted(REPLICAS, PROGRESS_DEADLINE_SECONDS, MAX_SURGE, MAX_UNAVAILABLE, image);
    }

    @Test
    @Order(1)
    void setImageToV2LosesNoRequestAndKeepsWithinTheBounds() throws Exception {
        Traffic traffic = new Traffic(vip);
        Sampler sampler = new Sampler(cluster.agent(0));
        String status;
        try {
            traffic.awaitMore(30);
            setImage(cluster.agent(1), TestImages.V2);
            Process follow = kubectlFollow(cluster.agent(2), "rollout", "status", "deployment/web", "--timeout=120s");
            awaitRolledOut(cluster.agent(2), TestImages.V2);
            // a keep-alive connection to an old pod serves on until that pod drains and closes it
            Await.until(DEADLINE, "only v2 answering", () -> traffic.tailIs("v2", 50) ? Boolean.TRUE : null);
            status = finish(follow);
        } finally {
            traffic.stop();
            sampler.stop();
        }
        report("v1 -> v2", traffic, sampler);
        assertEquals(List.of(), traffic.failures(), "no failed request");
        assertEquals("v1", traffic.firstVersion());
        assertEquals("v2", traffic.lastVersion());
        sampler.assertHeld(REPLICAS - MAX_UNAVAILABLE);
        if (status != null) {
            assertTrue(status.contains("Waiting for deployment \"web\" rollout to finish"), status);
            assertTrue(status.contains("deployment \"web\" successfully rolled out"), status);
        }
    }

    @Test
    @Order(2)
    void theLeaderSigkilledHalfwayTheNextOneCarriesOnLosingOnlyRequestsInFlightOnIt() throws Exception {
        JsonNode before = deploymentOf(cluster.agent(0));
        String leaderName = before.path("metadata").path("annotations").path("shoal.dev/leader").asText();
        AgentProcess leader = cluster.agents().stream().filter(a -> a.name().equals(leaderName)).findFirst()
                .orElseThrow(() -> new AssertionError("no agent named " + leaderName + " leads web: " + before.path("metadata")));
        AgentProcess witness = cluster.agents().stream().filter(a -> a != leader).findFirst().orElseThrow();
        Traffic traffic = new Traffic(vip);
        Sampler sampler = new Sampler(witness);
        String newRs;
        long killedAt;
        int lostReady;
        try {
            traffic.awaitMore(30);
            // a new revision of the same image, as `kubectl rollout restart` makes one
            Http.Reply r = Http.send("PATCH", witness.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web",
                    "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"shoal.dev/restarted\":\"leader-kill\"}}}}}",
                    "application/merge-patch+json");
            assertEquals(200, r.status(), r.body());
            JsonNode halfway = Await.until(DEADLINE, "the rollout halfway (3 to 5 of 6 updated)", () -> {
                JsonNode d = deploymentOf(witness);
                int updated = d.path("status").path("updatedReplicas").asInt();
                return updated >= 3 && updated < REPLICAS ? d : null;
            });
            newRs = replicaSetOfTemplate(witness);
            lostReady = (int) pods(witness).stream().filter(p -> leaderName.equals(nodeOf(p)) && ready(p)).count();
            sampler.lose(leaderName, lostReady);
            killedAt = System.nanoTime();
            leader.kill();
            System.out.println("RolloutIT: SIGKILLed the leader " + leaderName + " at updatedReplicas "
                    + halfway.path("status").path("updatedReplicas").asInt() + "; it ran " + lostReady + " Ready pods");
            JsonNode done = awaitRolledOut(witness, TestImages.V2);
            String newLeader = done.path("metadata").path("annotations").path("shoal.dev/leader").asText();
            assertNotEquals(leaderName, newLeader, "another agent leads now");
            assertEquals(before.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asInt() + 1,
                    done.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asInt(),
                    "one new revision: the rollout was carried on, not restarted");
            assertEquals(newRs, replicaSetOfTemplate(witness), "the same ReplicaSet finished the rollout");
            System.out.println("RolloutIT: " + newLeader + " finished the rollout "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt) + " ms after the kill");
            traffic.awaitMore(50);
        } finally {
            traffic.stop();
            sampler.stop();
        }
        report("leader SIGKILLed halfway", traffic, sampler);
        // every failure is a request in flight when the agent died: through its proxy, or to a pod on it
        List<Traffic.Failure> failures = traffic.failures();
        for (Traffic.Failure f : failures) {
            long ms = TimeUnit.NANOSECONDS.toMillis(f.atNanos() - killedAt);
            assertTrue(ms >= -1000 && ms <= 10_000, "a failure " + ms + " ms from the kill is not one in flight then: " + f);
        }
        assertTrue(failures.stream().filter(f -> f.mode().equals("keep-alive")).count() <= 2, failures.toString());
        assertTrue(failures.stream().filter(f -> f.mode().equals("new-connection")).count() <= 2, failures.toString());
        sampler.assertHeld(REPLICAS - MAX_UNAVAILABLE);

        leader.start();
        leader.awaitReady(TestCluster.START_TIMEOUT);
        cluster.awaitNodesReady(3);
        Await.until(DEADLINE, "exactly " + REPLICAS + " containers of web on the engine after " + leaderName + " returned",
                () -> running().size() == REPLICAS ? Boolean.TRUE : null);
    }

    @Test
    @Order(3)
    void aBrokenV3StallsAtTheFloorAndKubectlUndoesIt() throws Exception {
        Traffic traffic = new Traffic(vip);
        Sampler sampler = new Sampler(cluster.agent(0));
        try {
            traffic.awaitMore(30);
            setImage(cluster.agent(2), TestImages.V3);
            JsonNode stalled = Await.until(DEADLINE, "v3's rollout to exceed its progress deadline", () -> {
                JsonNode d = deploymentOf(cluster.agent(1));
                return "ProgressDeadlineExceeded".equals(condition(d, "Progressing").path("reason").asText()) ? d : null;
            });
            JsonNode s = stalled.path("status");
            System.out.println("RolloutIT: v3 stalled: " + s.path("updatedReplicas").asInt() + " updated, "
                    + s.path("availableReplicas").asInt() + " available of " + REPLICAS);
            assertEquals(REPLICAS - MAX_UNAVAILABLE, s.path("availableReplicas").asInt(), s.toString());
            assertEquals(TestImages.V3, image(stalled), "no rollback without the opt-in");
            if (kubeconfig != null) {
                Kubectl.Result status = kubectl(cluster.agent(1), "rollout", "status", "deployment/web", "--timeout=60s");
                assertNotEquals(0, status.code(), status.output());
                assertTrue(status.output().contains("deployment \"web\" exceeded its progress deadline"), status.output());
                Kubectl.Result undo = kubectl(cluster.agent(2), "rollout", "undo", "deployment/web");
                assertEquals(0, undo.code(), undo.output());
                assertTrue(undo.output().contains("deployment.apps/web rolled back"), undo.output());
            } else {
                cli(cluster.agent(2), "rollout", "undo", "deployment/web");
            }
            awaitRolledOut(cluster.agent(0), TestImages.V2);
            traffic.awaitMore(50);
        } finally {
            traffic.stop();
            sampler.stop();
        }
        report("v2 -> v3 (stalled) -> undo", traffic, sampler);
        assertEquals(List.of(), traffic.failures(), "no failed request");
        assertTrue(traffic.seen().equals(Set.of("v2")), "v3 never served: " + traffic.seen());
        sampler.assertHeld(REPLICAS - MAX_UNAVAILABLE);
    }

    @Test
    @Order(4)
    void withAutoRollbackABrokenV3GoesBackToV2ByItself() throws Exception {
        AgentProcess via = cluster.agent(1);
        Http.Reply r = Http.send("PATCH", via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web",
                "{\"metadata\":{\"annotations\":{\"shoal.dev/auto-rollback\":\"true\"}}}", "application/merge-patch+json");
        assertEquals(200, r.status(), r.body());
        Traffic traffic = new Traffic(vip);
        Sampler sampler = new Sampler(cluster.agent(2));
        JsonNode back;
        try {
            traffic.awaitMore(30);
            setImage(cluster.agent(0), TestImages.V3);
            Await.until(DEADLINE, "v3's ReplicaSet created", () -> image(deploymentOf(via)).equals(TestImages.V3)
                    && deploymentOf(via).path("status").path("updatedReplicas").asInt() > 0 ? Boolean.TRUE : null);
            back = Await.until(DEADLINE, "Shoal to roll v3 back to v2 by itself", () -> {
                JsonNode d = deploymentOf(via);
                return image(d).equals(TestImages.V2) && condition(d, "RolledBack").has("reason") ? d : null;
            });
            awaitRolledOut(via, TestImages.V2);
            traffic.awaitMore(50);
        } finally {
            traffic.stop();
            sampler.stop();
        }
        report("v2 -> v3 -> automatic rollback", traffic, sampler);
        JsonNode rolledBack = condition(deploymentOf(via), "RolledBack");
        System.out.println("RolloutIT: RolledBack condition: " + rolledBack);
        assertEquals("ProgressDeadlineExceeded", rolledBack.path("reason").asText(), rolledBack.toString());
        assertTrue(rolledBack.path("message").asText().startsWith("Rolled back automatically from revision "), rolledBack.toString());
        assertTrue(events(via).contains("DeploymentAutoRollback: Rolled back automatically"), events(via));
        assertEquals(List.of(), traffic.failures(), "no failed request");
        assertEquals(Set.of("v2"), traffic.seen(), "v3 never served");
        sampler.assertHeld(REPLICAS - MAX_UNAVAILABLE);
        assertTrue(back.path("metadata").path("annotations").path("shoal.dev/auto-rollback").asText().equals("true"),
                "the opt-in survives its own rollback");
    }

    @Test
    @Order(5)
    void aCanaryStepStopsAfterTwoReadyPodsUntilRolloutResume() throws Exception {
        AgentProcess via = cluster.agent(0);
        Http.Reply r = Http.send("PATCH", via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web",
                "{\"metadata\":{\"annotations\":{\"shoal.dev/canary-pods\":\"2\"}}}", "application/merge-patch+json");
        assertEquals(200, r.status(), r.body());
        Traffic traffic = new Traffic(vip);
        Sampler sampler = new Sampler(cluster.agent(1));
        try {
            traffic.awaitMore(30);
            // a new revision (v1's ReplicaSet was rolled out once, and a rollback never stops for a canary)
            r = Http.send("PATCH", via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web", """
                    [{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"%s"},
                     {"op":"add","path":"/spec/template/metadata/annotations","value":{"shoal.dev/restarted":"canary"}}]"""
                    .formatted(TestImages.V1), "application/json-patch+json");
            assertEquals(200, r.status(), r.body());
            JsonNode paused = Await.until(DEADLINE, "the canary pause", () -> {
                JsonNode d = deploymentOf(cluster.agent(2));
                return d.path("spec").path("paused").asBoolean() ? d : null;
            });
            assertEquals("CanaryPaused", condition(paused, "Progressing").path("reason").asText(), paused.path("status").toString());
            Await.holds(Duration.ofSeconds(4), "the rollout holds at 2 new pods", () -> {
                List<JsonNode> canaries = pods(via).stream()
                        .filter(p -> p.path("spec").path("containers").path(0).path("image").asText().equals(TestImages.V1)).toList();
                assertEquals(2, canaries.size(), "canary pods");
                assertTrue(canaries.stream().allMatch(RolloutIT::ready), "both Ready");
                assertTrue(deploymentOf(via).path("spec").path("paused").asBoolean(), "still paused");
            });
            int from = traffic.answers();
            traffic.awaitMore(100);
            assertEquals(Set.of("v1", "v2"), traffic.seenSince(from),
                    "while paused both the canaries (v1) and the rest (v2) serve");
            if (kubeconfig != null) {
                Kubectl.Result resume = kubectl(cluster.agent(2), "rollout", "resume", "deployment/web");
                assertEquals(0, resume.code(), resume.output());
            } else {
                cli(cluster.agent(2), "rollout", "resume", "deployment/web");
            }
            awaitRolledOut(cluster.agent(1), TestImages.V1);
            Await.until(DEADLINE, "only v1 answering", () -> traffic.tailIs("v1", 50) ? Boolean.TRUE : null);
        } finally {
            traffic.stop();
            sampler.stop();
        }
        report("v2 -> v1 with a canary of 2", traffic, sampler);
        assertTrue(events(via).contains("CanaryPaused: Canary step: 2 new pod(s) of ReplicaSet"), events(via));
        assertEquals(List.of(), traffic.failures(), "no failed request");
        sampler.assertHeld(REPLICAS - MAX_UNAVAILABLE);
    }

    // ---- the client and the sampler

    /**
     * Two clients looping over the VIP until stopped: one keeps its connection alive (Java's
     * HttpClient pool), one opens a new connection per request (HTTP/1.0). Records every failure
     * with its time, and the version ("v1", "v2", ...) of every answer in order.
     */
    static final class Traffic {
        record Failure(String mode, long atNanos, String what) {}

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger ok = new AtomicInteger();
        private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        private final List<String> versions = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, AtomicInteger> okByMode = new ConcurrentHashMap<>();
        private final List<Thread> threads = new ArrayList<>();
        private final HttpClient keepAlive = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        Traffic(String vip) {
            threads.add(loop("keep-alive", () -> {
                HttpResponse<String> r = keepAlive.send(HttpRequest.newBuilder(URI.create("http://" + vip + "/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) throw new IOException("status " + r.statusCode());
                return r.body();
            }));
            threads.add(loop("new-connection", () -> fetchFresh(vip)));
        }

        interface Request {
            String body() throws IOException, InterruptedException;
        }

        private Thread loop(String mode, Request request) {
            okByMode.put(mode, new AtomicInteger());
            Thread t = new Thread(() -> {
                while (running.get()) {
                    try {
                        String body = request.body();
                        int space = body.indexOf(' ');
                        if (space <= 0) throw new IOException("unexpected body: " + body);
                        versions.add(body.substring(0, space));
                        ok.incrementAndGet();
                        okByMode.get(mode).incrementAndGet();
                    } catch (IOException e) {
                        failures.add(new Failure(mode, System.nanoTime(), e.toString()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rollout-" + mode);
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** One GET on a connection of its own (HTTP/1.0: the server closes it); the body, or an IOException. */
        static String fetchFresh(String vip) throws IOException {
            String response = ServiceIT.fetch(vip, 80);
            if (!response.matches("(?s)HTTP/1\\.[01] 200.*")) {
                throw new IOException("not a 200: " + response.lines().findFirst().orElse("(empty)"));
            }
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? "" : response.substring(body + 4);
        }

        void awaitMore(int n) {
            int from = ok.get();
            Await.until(DEADLINE, n + " more successful requests", () -> ok.get() >= from + n ? Boolean.TRUE : null);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join(10_000);
        }

        List<Failure> failures() {
            synchronized (failures) {
                return List.copyOf(failures);
            }
        }

        String firstVersion() {
            return versions.get(0);
        }

        String lastVersion() {
            return versions.get(versions.size() - 1);
        }

        Set<String> seen() {
            synchronized (versions) {
                return Set.copyOf(versions);
            }
        }

        int answers() {
            return versions.size();
        }

        /** The versions of the answers since the {@code from}th. */
        Set<String> seenSince(int from) {
            synchronized (versions) {
                return Set.copyOf(versions.subList(from, versions.size()));
            }
        }

        boolean tailIs(String version, int n) {
            synchronized (versions) {
                return versions.size() >= n && versions.subList(versions.size() - n, versions.size()).stream().allMatch(version::equals);
            }
        }

        /** How often consecutive answers came from different versions: 1 is a clean switch, more is a mixed window. */
        int switches() {
            synchronized (versions) {
                int s = 0;
                for (int i = 1; i < versions.size(); i++) if (!versions.get(i).equals(versions.get(i - 1))) s++;
                return s;
            }
        }

        String summary() {
            return ok.get() + " ok (" + okByMode + "), " + failures.size() + " failed, versions seen " + seen()
                    + " with " + switches() + " switches between consecutive answers";
        }
    }

    /**
     * Lists the Deployment's pods every 100 ms through one agent and checks the rollout's bounds:
     * never more than replicas + maxSurge pods that count (not terminal, not on a lost node), never
     * fewer Ready than the floor. A SIGKILLed node's Ready pods are an involuntary loss the
     * controller cannot prevent, so {@link #lose} lowers the floor by them from then on.
     */
    static final class Sampler {
        private final AgentProcess via;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> lostNodes = ConcurrentHashMap.newKeySet();
        private volatile int lostReady;
        private volatile int minReady = Integer.MAX_VALUE;
        private volatile int maxPods;
        private final AtomicInteger samples = new AtomicInteger();
        private final AtomicInteger unreadable = new AtomicInteger();
        private final Thread thread;

        Sampler(AgentProcess via) {
            this.via = via;
            thread = new Thread(this::run, "rollout-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void lose(String node, int readyPods) {
            lostReady = readyPods;
            lostNodes.add(node);
        }

        private void run() {
            while (running.get()) {
                List<JsonNode> pods;
                try {
                    pods = pods(via);
                } catch (RuntimeException e) {
                    unreadable.incrementAndGet();
                    continue;
                }
                int counted = 0;
                int ready = 0;
                for (JsonNode p : pods) {
                    String phase = p.path("status").path("phase").asText();
                    if (phase.equals("Succeeded") || phase.equals("Failed") || lostNodes.contains(nodeOf(p))) continue;
                    counted++;
                    if (ready(p)) ready++;
                }
                samples.incrementAndGet();
                minReady = Math.min(minReady, ready);
                maxPods = Math.max(maxPods, counted);
                if (counted > REPLICAS + MAX_SURGE) violations.add(counted + " pods at sample " + samples.get());
                if (ready < REPLICAS - MAX_UNAVAILABLE - lostReady) violations.add(ready + " Ready at sample " + samples.get());
                // the sampling interval, not synchronisation: nothing waits on it
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        void assertHeld(int floor) {
            assertTrue(samples.get() >= 20, "only " + samples.get() + " samples");
            assertEquals(List.of(), List.copyOf(violations), "bounds: at most " + (REPLICAS + MAX_SURGE) + " pods, at least "
                    + floor + " Ready (less " + lostReady + " lost with a killed node)");
        }

        String summary() {
            return samples.get() + " samples (" + unreadable.get() + " unreadable): at most " + maxPods + " pods (bound "
                    + (REPLICAS + MAX_SURGE) + "), at least " + minReady + " Ready (floor " + (REPLICAS - MAX_UNAVAILABLE)
                    + (lostReady > 0 ? ", less " + lostReady + " lost with the killed node" : "") + ")";
        }
    }

    private static void report(String what, Traffic traffic, Sampler sampler) {
        System.out.println("RolloutIT: " + what + ": client " + traffic.summary());
        for (Traffic.Failure f : traffic.failures()) System.out.println("RolloutIT:   failed " + f.mode() + ": " + f.what());
        System.out.println("RolloutIT: " + what + ": sampler " + sampler.summary());
    }

    // ---- reading the cluster

    static List<JsonNode> pods(AgentProcess via) {
        List<JsonNode> out = new ArrayList<>();
        Http.Reply r = Http.get(via.baseUrl() + "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
        if (r.status() != 200) throw new IllegalStateException("pods: " + r.status());
        r.json().path("items").forEach(out::add);
        return out;
    }

    static String nodeOf(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText();
    }

    static boolean ready(JsonNode pod) {
        return "True".equals(condition(pod, "Ready").path("status").asText());
    }

    static JsonNode condition(JsonNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) if (c.path("type").asText().equals(type)) return c;
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static JsonNode deploymentOf(AgentProcess via) {
        Http.Reply r = Http.get(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web");
        if (r.status() != 200) throw new IllegalStateException("deployment: " + r.status() + " " + r.body());
        return r.json();
    }

    static String image(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText();
    }

    /** The name of the ReplicaSet whose template is the Deployment's current one (the highest revision). */
    static String replicaSetOfTemplate(AgentProcess via) {
        String best = "";
        long rev = -1;
        for (JsonNode rs : Http.get(via.baseUrl() + "/apis/apps/v1/namespaces/default/replicasets").json().path("items")) {
            long r = rs.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asLong();
            if (r > rev) {
                rev = r;
                best = rs.path("metadata").path("name").asText();
            }
        }
        return best;
    }

    /** Done: the Deployment observed, all replicas updated and available, and exactly that many Ready pods of {@code image}. */
    static JsonNode awaitRolledOut(AgentProcess via, String image) {
        return Await.until(DEADLINE, "web rolled out on " + image, () -> {
            JsonNode d = deploymentOf(via);
            JsonNode s = d.path("status");
            if (!image(d).equals(image) || s.path("observedGeneration").asLong() < d.path("metadata").path("generation").asLong()
                    || s.path("updatedReplicas").asInt() != REPLICAS || s.path("replicas").asInt() != REPLICAS
                    || s.path("availableReplicas").asInt() != REPLICAS) {
                return null;
            }
            List<JsonNode> live = pods(via).stream().filter(p -> !p.path("status").path("phase").asText().equals("Failed")).toList();
            if (live.size() != REPLICAS) return null;
            for (JsonNode p : live) {
                if (!ready(p) || !p.path("spec").path("containers").path(0).path("image").asText().equals(image)) return null;
            }
            return d;
        });
    }

    /** "Reason: message" of every Event about the Deployment web, one per line. */
    private static String events(AgentProcess via) {
        StringBuilder out = new StringBuilder();
        for (JsonNode e : Http.get(via.baseUrl() + "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb")
                .json().path("items")) {
            out.append(e.path("reason").asText()).append(": ").append(e.path("message").asText()).append('\n');
        }
        return out.toString();
    }

    // ---- commands, as a user types them

    /** kubectl set image against {@code via}, or Shoal's own CLI where there is no kubectl. */
    private void setImage(AgentProcess via, String image) throws Exception {
        if (kubeconfig == null) {
            cli(via, "set", "image", "deployment/web", "web=" + image);
            return;
        }
        Kubectl.Result r = kubectl(via, "set", "image", "deployment/web", "web=" + image);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("deployment.apps/web image updated"), r.output());
    }

    private Kubectl.Result kubectl(AgentProcess via, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--server", via.baseUrl(),
                "--request-timeout=30s"));
        cmd.addAll(List.of(args));
        return Kubectl.run(cmd);
    }

    /** Starts a kubectl that follows something (rollout status), or null without kubectl. */
    private Process kubectlFollow(AgentProcess via, String... args) throws IOException {
        if (kubeconfig == null) return null;
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--server", via.baseUrl()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Its whole output once it exits 0; fails if it exits otherwise or does not within the deadline. */
    private static String finish(Process p) throws IOException, InterruptedException {
        if (p == null) return null;
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "kubectl did not finish: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The real Shoal CLI, in its own JVM; fails unless it exits 0. */
    private static String cli(AgentProcess via, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.shoal.node.Main",
                "--server", via.server()));
        cmd.addAll(List.of(args));
        Kubectl.Result r = Kubectl.run(cmd);
        assertEquals(0, r.code(), "shoal " + String.join(" ", args) + ":\n" + r.output());
        return r.output();
    }

    // ---- the engine

    /** The engine's running containers of this class's agents. */
    private List<Container> running() {
        return docker.listContainersCmd().exec().stream()
                .filter(c -> c.getLabels().getOrDefault("dev.shoal.node", "").startsWith(PREFIX))
                .toList();
    }

    private void removeContainers() {
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of("dev.shoal.node")).exec()) {
            if (c.getLabels().getOrDefault("dev.shoal.node", "").startsWith(PREFIX)) {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
    }
}
