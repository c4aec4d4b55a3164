package dev.shoal.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.internal.FailureDetection;
import dev.shoal.membership.internal.HazelcastClusterMember;
import dev.shoal.membership.internal.StoreOptions;
import dev.shoal.node.kubelet.ContainerSpec;
import dev.shoal.node.kubelet.ContainerState;
import dev.shoal.node.kubelet.ExecSink;
import dev.shoal.node.kubelet.ProcessRuntime;
import dev.shoal.node.kubelet.RunningContainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pods/exec on two real API servers over one real store: node "a" runs the pod's container (a host
 * process), node "b" runs nothing and relays. Every exec is tried through both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodExecTest {
    private static final String V5 = ExecProtocol.V5;
    private static final String V4 = ExecProtocol.V4;
    @TempDir static Path dir;
    private HazelcastClusterMember member;
    private StateStore store;
    private ProcessRuntime runtime;
    private ApiServer a;
    private ApiServer b;
    private final List<RunningContainer> containers = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        member = HazelcastClusterMember.start(new ClusterSettings("a", "127.0.0.1", freePort(), List.of(), "exec-" + UUID.randomUUID(),
                dir.resolve("store"), Map.of()), FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
        store = member.store();
        store.create(ResourceType.NAMESPACE, json("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}"));
        runtime = new ProcessRuntime(dir.resolve("node-a"), "a", Clock.systemUTC());
        a = ApiServer.start("127.0.0.1", 0, store, new SimpleMeterRegistry(), info(), Clock.systemUTC(), PodLogs.Local.NONE, local("a"));
        b = ApiServer.start("127.0.0.1", 0, store, new SimpleMeterRegistry(), info(), Clock.systemUTC(), PodLogs.Local.NONE, PodExec.Local.NONE);
        node("a", a.port());
        node("b", b.port());
        String uid = pod("web-1", "a", "app").path("metadata").path("uid").asText();
        containers.add(runtime.start(new ContainerSpec(uid, "default", "web-1", "app", "", List.of("sleep", "300"), List.of(),
                Map.of("GREETING", "hi"), "", List.of(), "", "")));
        pod("duo", "a", "x", "y");
        pod("stopped", "a", "app");  // no container started for it
        pod("unbound", "", "app");
    }

    @AfterAll
    void stop() {
        for (RunningContainer c : containers) runtime.stop(c.id(), Duration.ofSeconds(1));
        if (a != null) a.close();
        if (b != null) b.close();
        if (member != null) member.close();
    }

    /** Node a's kubelet, as the agent wires it: the process runtime behind PodExec.Local. */
    private PodExec.Local local(String name) {
        return new PodExec.Local() {
            @Override public String nodeName() { return name; }
            @Override public Optional<String> runningContainer(String podUid, String containerName) {
                return runtime.latest(podUid, containerName).map(RunningContainer::id)
                        .filter(id -> runtime.inspect(id).map(s -> s instanceof ContainerState.Running).orElse(false));
            }
            @Override public int exec(String id, List<String> command, InputStream stdin, PodExec.Output out) throws IOException {
                return runtime.exec(id, command, stdin, new ExecSink() {
                    @Override public void stdout(byte[] chunk) throws IOException { out.stdout(chunk); }
                    @Override public void stderr(byte[] chunk) throws IOException { out.stderr(chunk); }
                });
            }
        };
    }

    private static String path(String pod, String query) {
        return "/api/v1/namespaces/default/pods/" + pod + "/exec" + query;
    }

    /** ?command=..&command=..&stdout=true&stderr=true, plus extra parameters. */
    private static String query(List<String> command, String... extra) {
        StringBuilder q = new StringBuilder("?stdout=true&stderr=true");
        for (String c : command) q.append("&command=").append(URLEncoder.encode(c, StandardCharsets.UTF_8));
        for (String e : extra) q.append('&').append(e);
        return q.toString();
    }

    private List<String> bases() {
        return List.of("http://127.0.0.1:" + a.port(), "http://127.0.0.1:" + b.port());
    }

    @Test
    void stdoutAndStderrApartAndTheExitCodeAsKubernetesStatus() throws Exception {
        for (String base : bases()) {
            ExecClient c = ExecClient.open(base, path("web-1", query(List.of("sh", "-c", "echo \"out $GREETING\"; echo err >&2; exit 3"))), V5, V4);
            assertEquals(V5, c.ws.getSubprotocol(), base);
            c.awaitClosed();
            assertEquals("out hi\n", c.stdout(), base);
            assertEquals("err\n", c.stderr(), base);
            JsonNode status = c.status();
            assertEquals("Failure", status.path("status").asText(), base + ": " + status);
            assertEquals("NonZeroExitCode", status.path("reason").asText());
            assertEquals("ExitCode", status.path("details").path("causes").get(0).path("reason").asText());
            assertEquals("3", status.path("details").path("causes").get(0).path("message").asText());
            assertEquals(1000, c.closed.get(), "a normal close after the status");
        }
    }

    @Test
    void successIsAPlainSuccessStatus() throws Exception {
        for (String base : bases()) {
            ExecClient c = ExecClient.open(base, path("web-1", query(List.of("true"))), V4).awaitClosed();
            assertEquals(V4, c.ws.getSubprotocol(), "v4 when the client offers only v4");
            assertEquals(json("{\"metadata\":{},\"status\":\"Success\"}"), c.status());
        }
    }

    @Test
    void stdinFlowsUntilTheClientClosesItsChannel() throws Exception {
        for (String base : bases()) {
            ExecClient c = ExecClient.open(base, path("web-1", query(List.of("cat"), "stdin=true")), V5, V4);
            c.stdin("hello\n");
            Await.until(Duration.ofSeconds(5), "the echo while stdin is still open", () -> c.stdout().equals("hello\n"));
            c.stdin("world\n");
            c.closeStdin();
            c.awaitClosed();
            assertEquals("hello\nworld\n", c.stdout(), base);
            assertEquals("Success", c.status().path("status").asText(), base);
        }
    }

    @Test
    void fourMebibytesOfOutputArriveWhole() throws Exception {
        for (String base : bases()) {
            ExecClient c = ExecClient.open(base, path("web-1", query(List.of("head", "-c", "4194304", "/dev/zero"))), V5).awaitClosed();
            assertEquals(4 << 20, c.stdoutBytes(), base);
            assertEquals("Success", c.status().path("status").asText());
        }
    }

    @Test
    void aClientThatStopsReadingHoldsTheCommandBackInsteadOfFillingMemory() throws Exception {
        int total = 64 << 20;  // far more than the socket buffers and Netty's high-water mark together
        for (String base : bases()) {
            ExecClient c = ExecClient.open(base, path("web-1", query(List.of("sh", "-c", "echo $$ >&2; exec head -c " + total + " /dev/zero"))), V5)
                    .stallAt(1 << 20);
            Await.until(Duration.ofSeconds(10), "the client to stop reading", c::stalled);
            long pid = Long.parseLong(c.stderr().strip());
            // head blocks in its pipe instead of writing 64 MiB into the agent's memory and exiting
            Await.holds(Duration.ofSeconds(1), () -> assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    base + ": the command ran ahead of the client"));
            assertTrue(c.stdoutBytes() < total);
            c.resume();
            c.awaitClosed();
            assertEquals(total, c.stdoutBytes(), base);
            assertEquals("Success", c.status().path("status").asText());
        }
    }

    @Test
    void aClientThatGoesAwayEndsTheCommand() throws Exception {
        for (String base : bases()) {
            ExecClient c = ExecClient.open(base, path("web-1", query(List.of("sh", "-c", "echo $$; exec sleep 300"))), V5);
            long pid = Await.until(Duration.ofSeconds(5), "the command's pid", () -> c.stdout().endsWith("\n") ? Long.parseLong(c.stdout().strip()) : null);
            c.ws.abort();
            Await.until(Duration.ofSeconds(10), "the command to be killed (" + base + ")",
                    () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        }
    }

    @Test
    void theCommandRunsOnAThreadOfItsOwnNotAnApiWorker() throws Exception {
        // more sessions than API workers, all blocked in their commands: the API still answers
        List<ExecClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < ApiServer.WORKERS + 4; i++) {
                open.add(ExecClient.open(bases().get(i % 2), path("web-1", query(List.of("cat"), "stdin=true")), V5));
            }
            assertEquals(200, get(bases().get(0) + "/api/v1/namespaces/default/pods/web-1").statusCode());
        } finally {
            for (ExecClient c : open) c.closeStdin();
            for (ExecClient c : open) assertEquals("Success", c.awaitClosed().status().path("status").asText());
        }
    }

    @Test
    void refusalsAreKubernetesStatusesNamingTheField() throws Exception {
        for (String base : bases()) {
            check(base, path("nope", query(List.of("true"))), 404, "NotFound", "", "pods \"nope\" not found");
            check(base, path("web-1", "?stdout=true"), 400, "BadRequest", "command", "you must specify at least one command for the container");
            check(base, path("web-1", query(List.of("true"), "container=nope")), 400, "BadRequest", "container", "container nope is not valid for pod web-1");
            check(base, path("duo", query(List.of("true"))), 400, "BadRequest", "container",
                    "a container name must be specified for pod duo, choose one of: [x y]");
            check(base, path("web-1", query(List.of("true"), "tty=true")), 400, "BadRequest", "tty",
                    "tty: Unsupported value: true: Shoal's exec has no terminals; run without -t");
            check(base, path("web-1", "?command=true"), 400, "BadRequest", "stdout", "you must specify at least 1 of stdin, stdout, stderr");
            check(base, path("unbound", query(List.of("true"))), 400, "BadRequest", "", "pod unbound does not have a host assigned");
            // SPDY (kubectl's fallback) and plain requests
            HttpResponse<String> plain = get(base + path("web-1", query(List.of("true"))));
            assertEquals(400, plain.statusCode());
            assertTrue(plain.body().contains("Upgrade request required"), plain.body());
        }
    }

    @Test
    void aContainerThatIsNotRunningIsRefusedBeforeTheUpgradeAlsoWhenForwarded() throws Exception {
        for (String base : bases()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> ExecClient.open(base, path("stopped", query(List.of("true"))), V5, V4));
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(400, refused.getResponse().statusCode(), base);
            JsonNode status = Json.JSON.readTree((String) refused.getResponse().body());
            assertEquals("container \"app\" in pod \"stopped\" is not running", status.path("message").asText(), base);
        }
    }

    @Test
    void onlyKnownSubprotocolsAreAccepted() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> ExecClient.open(bases().get(0), path("web-1", query(List.of("true"))), "channel.k8s.io"));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(400, refused.getResponse().statusCode());
        assertTrue(((String) refused.getResponse().body()).contains("v5.channel.k8s.io"));
    }

    @Test
    void aCommandThatCannotStartEndsWithAFailureStatus() throws Exception {
        for (String base : bases()) {
            ExecClient c = ExecClient.open(base, path("web-1", query(List.of("/no/such/program"))), V5).awaitClosed();
            JsonNode status = c.status();
            assertEquals("Failure", status.path("status").asText(), base);
            assertTrue(status.path("message").asText().contains("/no/such/program"), status.toString());
            assertNull(status.get("details"), "not an exit code");
        }
    }

    // ---- helpers

    private void check(String base, String pathAndQuery, int code, String reason, String field, String message) throws Exception {
        // what a WebSocket client sees: the handshake refused with a Status
        ExecutionException e = assertThrows(ExecutionException.class, () -> ExecClient.open(base, pathAndQuery, V5, V4), pathAndQuery);
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(code, refused.getResponse().statusCode(), base + pathAndQuery);
        JsonNode status = Json.JSON.readTree((String) refused.getResponse().body());
        assertEquals("Status", status.path("kind").asText());
        assertEquals(reason, status.path("reason").asText(), status.toString());
        assertEquals(message, status.path("message").asText());
        if (!field.isEmpty()) assertEquals(field, status.path("details").path("causes").get(0).path("field").asText(), status.toString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private ObjectNode pod(String name, String node, String... containerNames) throws IOException {
        ObjectNode p = json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},"
                + "\"spec\":{\"containers\":[]},\"status\":{\"phase\":\"Running\"}}");
        if (!node.isEmpty()) ((ObjectNode) p.path("spec")).put("nodeName", node);
        for (String c : containerNames) ((com.fasterxml.jackson.databind.node.ArrayNode) p.path("spec").path("containers")).addObject()
                .put("name", c).put("image", "none");
        return store.create(ResourceType.POD, p);
    }

    private void node(String name, int apiPort) throws IOException {
        ObjectNode n = json("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\"},\"status\":{"
                + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
                + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + apiPort + "}}}}");
        store.create(ResourceType.NODE, n);
    }

    private static ObjectNode json(String s) throws IOException {
        return (ObjectNode) Json.JSON.readTree(s);
    }

    private static ServerInfo info() {
        return new ServerInfo() {
            @Override public String shoalVersion() { return "test"; }
            @Override public String advertisedAddress() { return "127.0.0.1"; }
            @Override public boolean ready() { return true; }
            @Override public String metricsText(String accept) { return ""; }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls with a deadline. */
    private static final class Await {
        static <T> T until(Duration timeout, String what, java.util.function.Supplier<T> condition) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                T v = condition.get();
                if (v != null && !Boolean.FALSE.equals(v)) return v;
                if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());  // poll interval; the deadline bounds the wait
            }
        }

        /** Checks {@code check} throughout {@code window}: for "this does not happen" properties. */
        static void holds(Duration window, Runnable check) {
            long end = System.nanoTime() + window.toNanos();
            do {
                check.run();
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            } while (System.nanoTime() < end);
        }
    }
}
