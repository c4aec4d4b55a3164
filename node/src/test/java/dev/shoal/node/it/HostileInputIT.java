package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real agent JVM against everything a hostile or broken client can send over real HTTP: parser
 * bombs, oversized and lying requests, malformed patches, trickled bytes, a burst above the rate
 * limit, hundreds of idle connections. Every input must be answered with the expected 4xx (or a
 * closed connection where no answer can be given), the agent must serve after each, and at the
 * end the stored state must equal the snapshot taken before the first. The table of inputs,
 * statuses and times is printed for the record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final int API_PORT = 18543;
    private static final int CLUSTER_PORT = 18501;
    /** Short, so the slow-client cases take seconds; the default is 30 s. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final String NS = "hostile";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";
    private static final String SERVICES = "/api/v1/namespaces/" + NS + "/services";
    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"keep","labels":{"app":"keep"}},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"keep"}},
                     "template":{"metadata":{"labels":{"app":"keep"}},
                                 "spec":{"containers":[{"name":"c","image":"img:1"}]}}}}""";
    private static final String SERVICE = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"keep"},
             "spec":{"selector":{"app":"keep"},"ports":[{"port":80}]}}""";

    private TestCluster cluster;
    private AgentProcess agent;
    private String host;
    private String snapshot;
    private final List<String> table = new ArrayList<>();
    private final List<String> wrong = new ArrayList<>();
    private String verdict = "(not checked)";

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.create("HostileInputIT", 1, API_PORT, CLUSTER_PORT,
                List.of("--api-request-timeout", REQUEST_TIMEOUT.toSeconds() + "s")).start();
        agent = cluster.agent(0);
        host = agent.address();
        assertEquals(201, Http.post(agent.baseUrl() + "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NS + "\"}}").status());
        assertEquals(201, Http.post(agent.baseUrl() + DEPLOYMENTS, DEPLOYMENT).status());
        assertEquals(201, Http.post(agent.baseUrl() + SERVICES, SERVICE).status());
        snapshot = settledState();
    }

    @AfterAll
    void stop() throws InterruptedException {
        System.out.println("\nHostileInputIT: " + table.size() + " hostile inputs against one agent (request timeout "
                + REQUEST_TIMEOUT.toSeconds() + " s, rate limit 100/s, burst 200)");
        System.out.printf("%-58s %-14s %8s%n", "input", "answer", "ms");
        table.forEach(System.out::println);
        System.out.println("stored state after all of them: " + verdict);
        if (cluster != null) cluster.close();
    }

    // ---- the inputs ----

    @Test
    @Order(1)
    void parserBombsAndMalformedBodies() throws Exception {
        // YAML: nine levels of nine aliases, a billion "lol"s if expanded
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            laughs.append(c).append(": &").append(c).append(" [*").append((char) (c - 1));
            for (int i = 0; i < 8; i++) laughs.append(",*").append((char) (c - 1));
            laughs.append("]\n");
        }
        post("YAML alias bomb (billion laughs)", "application/yaml", laughs.toString(), 400);
        post("YAML tiny alias", "application/yaml", "a: &x 1\nb: *x\n", 400);
        post("JSON nested 10,000 deep", "application/json", "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", 400);
        post("YAML nested 10,000 deep (flow)", "application/yaml", "a: " + "[".repeat(10_000) + "]".repeat(10_000), 400);
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 300; i++) block.append(" ".repeat(i)).append("k:\n");
        post("YAML nested 300 deep (block)", "application/yaml", block.toString(), 400);
        post("replicas: 1e400", "application/json", good("\"replicas\":0", "\"replicas\":1e400"), 400);
        post("replicas: 99999999999999999999999", "application/json", good("\"replicas\":0", "\"replicas\":99999999999999999999999"), 400);
        post("replicas: 1000-digit number", "application/json", good("\"replicas\":0", "\"replicas\":" + "9".repeat(1000)), 400);
        post("replicas: NaN", "application/json", good("\"replicas\":0", "\"replicas\":NaN"), 400);
        post("YAML replicas: .inf", "application/yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: inf}\nspec:\n  replicas: .inf\n", 400);
        post("replicas: 1.5", "application/json", good("\"replicas\":0", "\"replicas\":1.5"), 422);
        post("replicas: \"3\" (a string)", "application/json", good("\"replicas\":0", "\"replicas\":\"3\""), 422);
        post("2 MiB string (over the 1 MiB string limit)", "application/json",
                good("\"labels\":{\"app\":\"keep\"}", "\"annotations\":{\"a\":\"" + "x".repeat(2 << 20) + "\"}"), 400);
        post("10 MB string (over the 3 MiB body limit)", "application/json",
                good("\"labels\":{\"app\":\"keep\"}", "\"annotations\":{\"a\":\"" + "x".repeat(10_000_000) + "\"}"), 413);
        post("key of 5,000 characters", "application/json", good("\"app\":\"keep\"}", "\"app\":\"keep\",\"" + "k".repeat(5000) + "\":\"v\"}"), 400);
        send("invalid UTF-8 (0xC3 0x28)", RawHttp.request("POST", DEPLOYMENTS, "application/json",
                withBytes(good("\"name\":\"c\"", "\"name\":\"@@\""), "@@", new byte[]{(byte) 0xC3, 0x28})), 400);
        send("overlong UTF-8 (0xC0 0xAF for '/')", RawHttp.request("POST", DEPLOYMENTS, "application/json",
                withBytes(good("\"name\":\"c\"", "\"name\":\"@@\""), "@@", new byte[]{(byte) 0xC0, (byte) 0xAF})), 400);
        send("UTF-8-encoded surrogate (0xED 0xA0 0x80)", RawHttp.request("POST", DEPLOYMENTS, "application/yaml",
                withBytes("apiVersion: v1\nkind: Pod\nmetadata: {name: '@@'}\n", "@@", new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80})), 400);
        send("raw NUL byte", RawHttp.request("POST", DEPLOYMENTS, "application/json",
                withBytes(good("\"name\":\"c\"", "\"name\":\"a@@b\""), "@@", new byte[]{0})), 400);
        post("escaped NUL (\\u0000) in a name", "application/json", good("\"name\":\"keep\"", "\"name\":\"ke\\u0000ep\""), 400);
        post("escaped lone surrogate (\\ud800)", "application/json", good("\"image\":\"img:1\"", "\"image\":\"img:1\\ud800\""), 400);
        post("duplicate key spec.replicas", "application/json", good("\"replicas\":0", "\"replicas\":0,\"replicas\":5"), 400);
        post("YAML duplicate key", "application/yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n", 400);
        post("10,001 YAML documents", "application/yaml", "a: 1\n---\n".repeat(10_001), 400);
        post("two objects where one is expected", "application/yaml", "a: 1\n---\nb: 2\n", 400);
        post("JSON array, not an object", "application/json", "[1,2,3]", 400);
        post("JSON string, not an object", "application/json", "\"Deployment\"", 400);
        post("empty body", "application/json", "", 400);
        post("truncated JSON", "application/json", DEPLOYMENT.substring(0, DEPLOYMENT.length() / 2), 400);
        post("truncated YAML flow", "application/yaml", "{apiVersion: apps/v1, kind: [Deployment", 400);
        post("Content-Type: application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "a=b&c=d", 400);
        post("Content-Type: text/html", "text/html", "<html><body>hi</body></html>", 400);
        post("Content-Type: application/json, YAML body", "application/json", "apiVersion: apps/v1\nkind: Deployment\n", 400);
        post("unknown kind", "application/json", good("\"kind\":\"Deployment\"", "\"kind\":\"Deploymint\""), 400);
        post("unknown apiVersion", "application/json", good("\"apiVersion\":\"apps/v1\"", "\"apiVersion\":\"apps/v9\""), 400);
        post("kind of another resource (Service to deployments)", "application/json", SERVICE, 400);
        send("POST to an unknown resource", RawHttp.request("POST", "/apis/apps/v1/namespaces/" + NS + "/statefulsets",
                "application/json", DEPLOYMENT.getBytes(StandardCharsets.UTF_8)), 404);
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 100_000; i++) labels.append(",\"k").append(i).append("\":\"v\"");
        post("100,000 labels (2 MB map)", "application/json", good("{\"app\":\"keep\"}", "{\"app\":\"keep\"" + labels + "}"), 422);
        StringBuilder containers = new StringBuilder();
        for (int i = 0; i < 20_000; i++) containers.append(i == 0 ? "" : ",").append("{\"name\":\"C").append(i).append("\"}");
        post("20,000 invalid containers (causes capped at 100)", "application/json",
                good("[{\"name\":\"c\",\"image\":\"img:1\"}]", "[" + containers + "]"), 422);
    }

    @Test
    @Order(2)
    void malformedWrites() throws Exception {
        String keep = DEPLOYMENTS + "/keep";
        patch("JSON patch: not an array", "application/json-patch+json", "{\"op\":\"add\"}", 400);
        patch("JSON patch: unknown op", "application/json-patch+json", "[{\"op\":\"explode\",\"path\":\"/spec\"}]", 400);
        patch("JSON patch: path into nothing", "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/spec/nope/deeper\",\"value\":1}]", 422);
        patch("JSON patch: truncated", "application/json-patch+json", "[{\"op\":\"add\",\"pa", 400);
        patch("JSON patch: 1e400", "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1e400}]", 400);
        patch("merge patch: malformed JSON", "application/merge-patch+json", "{\"spec\":", 400);
        patch("merge patch: an array", "application/merge-patch+json", "[1]", 400);
        patch("merge patch: replicas -1", "application/merge-patch+json", "{\"spec\":{\"replicas\":-1}}", 422);
        patch("merge patch: renames the object", "application/merge-patch+json", "{\"metadata\":{\"name\":\"other\"}}", 400);
        patch("strategic merge patch: malformed", "application/strategic-merge-patch+json", "{\"spec\":{\"template\":", 400);
        patch("strategic merge patch: bad $patch directive", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"explode\",\"name\":\"c\"}]}}}}", 400);
        patch("strategic merge patch: containers a string", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":\"c\"}}}}", 422);
        patch("PATCH with Content-Type text/plain", "text/plain", "{}", 415);
        send("PUT: name in body differs from URL", RawHttp.request("PUT", keep, "application/json",
                DEPLOYMENT.replace("\"name\":\"keep\"", "\"name\":\"other\"").getBytes(StandardCharsets.UTF_8)), 400);
        send("PUT: namespace in body differs from URL", RawHttp.request("PUT", keep, "application/json",
                DEPLOYMENT.replace("\"name\":\"keep\"", "\"name\":\"keep\",\"namespace\":\"default\"").getBytes(StandardCharsets.UTF_8)), 400);
        send("PUT: stale resourceVersion", RawHttp.request("PUT", keep, "application/json",
                DEPLOYMENT.replace("\"name\":\"keep\"", "\"name\":\"keep\",\"resourceVersion\":\"1\"").getBytes(StandardCharsets.UTF_8)), 409);
        send("DELETE with malformed options", RawHttp.request("DELETE", keep, "application/json", "{\"gracePeriodSeconds\":".getBytes(StandardCharsets.UTF_8)), 400);
        send("DELETE with a precondition on another uid", RawHttp.request("DELETE", keep, "application/json",
                "{\"preconditions\":{\"uid\":\"not-this-one\"}}".getBytes(StandardCharsets.UTF_8)), 409);
    }

    @Test
    @Order(3)
    void malformedHttp() throws Exception {
        send("request line of 16 KiB", RawHttp.request("GET", "/api/v1/namespaces?x=" + "a".repeat(16 * 1024), null, null), 414);
        send("headers of 40 KiB", RawHttp.request("GET", "/api/v1/namespaces", null, null, "X-Big: " + "a".repeat(40 * 1024)), 431);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5000; i++) many.append("X-H").append(i).append(": v\r\n");
        send("5,000 headers", RawHttp.request("GET", "/api/v1/namespaces", null, null, many.toString().strip()), 431);
        // 4 MiB in 1 KiB chunks: the aggregator counts as it goes
        StringBuilder chunks = new StringBuilder();
        String kb = "x".repeat(1024);
        for (int i = 0; i < 4096; i++) chunks.append("400\r\n").append(kb).append("\r\n");
        chunks.append("0\r\n\r\n");
        send("chunked body of 4 MiB", RawHttp.request("POST", DEPLOYMENTS, "application/json",
                chunks.toString().getBytes(StandardCharsets.ISO_8859_1), "Transfer-Encoding: chunked"), 413);
        send("Content-Length of 10 GB", RawHttp.concat(("POST " + DEPLOYMENTS + " HTTP/1.1\r\nHost: shoal\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000000000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), new byte[0]), 413);
        send("negative Content-Length", ("POST " + DEPLOYMENTS + " HTTP/1.1\r\nHost: shoal\r\nContent-Length: -5\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), 400);
        send("Content-Length and chunked together", ("POST " + DEPLOYMENTS + " HTTP/1.1\r\nHost: shoal\r\nConnection: close\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), 400);
        send("binary garbage (a TLS ClientHello)", new byte[]{0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a}, 400);
        send("header line without a colon", "GET /api/v1/namespaces HTTP/1.1\r\nHost: shoal\r\nnonsense\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 400);
        send("unknown method BREW", RawHttp.request("BREW", DEPLOYMENTS, null, null), 405);
        send("path traversal", RawHttp.request("GET", "/api/v1/../../../etc/passwd", null, null), 404);
        send("percent-encoded NUL as the namespace", RawHttp.request("POST", "/apis/apps/v1/namespaces/%00/deployments",
                "application/json", DEPLOYMENT.getBytes(StandardCharsets.UTF_8)), 422);
        send("bad query (?watch=%zz)", RawHttp.request("GET", "/api/v1/namespaces?watch=%zz", null, null), 400);
    }

    @Test
    @Order(4)
    void slowClientsAreCutOff() throws Exception {
        byte[] head = ("POST " + DEPLOYMENTS + " HTTP/1.1\r\nHost: shoal\r\nContent-Type: application/json\r\n").getBytes(StandardCharsets.ISO_8859_1);
        trickle("slowloris: a header byte every 500 ms", head, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.ISO_8859_1));
        byte[] bodyHead = RawHttp.concat(head, "Content-Length: 1000\r\n\r\n{\"apiVersion\":".getBytes(StandardCharsets.ISO_8859_1));
        trickle("body that never completes (10 of 1,000 bytes)", bodyHead, new byte[0]);
        trickle("body trickled a byte every 500 ms", bodyHead, " ".repeat(100).getBytes(StandardCharsets.ISO_8859_1));
        // a client that vanishes mid-body: nothing to answer, nothing written
        long t0 = System.nanoTime();
        try (Socket s = RawHttp.connect(host, API_PORT, null, Duration.ofSeconds(10))) {
            s.getOutputStream().write(bodyHead);
            s.shutdownOutput();
            RawHttp.Answer a = RawHttp.read(new BufferedInputStream(s.getInputStream()));
            record("client vanishes mid-body", a.status(), t0, Set.of(RawHttp.CLOSED));
        }
        alive("client vanishes mid-body");
    }

    @Test
    @Order(5)
    void aBurstAboveTheRateLimitGets429WithRetryAfter() throws Exception {
        // from an address of its own: its bucket is not the one this test's other requests use. Four
        // connections of 100 pipelined requests: Netty closes a connection that pipelines more than 128.
        int connections = 4, perConnection = 100, burst = connections * perConnection;
        long t0 = System.nanoTime();
        int ok = 0, limited = 0;
        String retryAfter = "";
        String reason = "";
        byte[] get = ("GET " + SERVICES + " HTTP/1.1\r\nHost: shoal\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] pipeline = new byte[get.length * perConnection];
        for (int i = 0; i < perConnection; i++) System.arraycopy(get, 0, pipeline, i * get.length, get.length);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) sockets.add(RawHttp.connect(host, API_PORT, "127.0.0.77", Duration.ofSeconds(20)));
            for (Socket s : sockets) s.getOutputStream().write(pipeline);
            for (Socket s : sockets) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                for (int i = 0; i < perConnection; i++) {
                    RawHttp.Answer a = RawHttp.read(in);
                    if (a.status() == 200) ok++;
                    else if (a.status() == 429) {
                        limited++;
                        retryAfter = a.header("Retry-After");
                        reason = Json.JSON.readTree(a.body()).path("reason").asText();
                    } else {
                        wrong.add("burst: unexpected " + a.status() + " " + a.body());
                        break;
                    }
                }
            }
        } finally {
            for (Socket s : sockets) s.close();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        table.add(String.format("%-58s %-14s %8d", burst + " GETs at once, one client (4 connections)", ok + "x200 " + limited + "x429", ms));
        assertTrue(ok >= 200, "the burst is served: " + ok);
        assertTrue(limited >= 100, "requests beyond burst and rate are refused: " + limited + " of " + burst + " in " + ms + " ms");
        assertEquals("1", retryAfter, "Retry-After");
        assertEquals("TooManyRequests", reason);
        assertEquals(200, Http.get(agent.baseUrl() + SERVICES).status(), "another client is not limited");
        assertTrue(agent.metric("shoal_api_rate_limited_total") >= limited, "the 429s are counted");
        alive("burst");
    }

    @Test
    @Order(6)
    void hundredsOfIdleConnectionsDoNotStopTheAgent() throws Exception {
        List<Socket> idle = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < 500; i++) idle.add(RawHttp.connect(host, API_PORT, null, Duration.ofSeconds(1)));
            long g0 = System.nanoTime();
            Http.Reply r = Http.get(agent.baseUrl() + DEPLOYMENTS);
            table.add(String.format("%-58s %-14s %8d", "500 connections opened and left idle; then a GET",
                    "GET " + r.status(), (System.nanoTime() - g0) / 1_000_000));
            assertEquals(200, r.status());
            // and they are not closed for being idle before the idle timeout (120 s): one still works
            Socket first = idle.get(0);
            first.getOutputStream().write(RawHttp.request("GET", "/readyz", null, null));
            assertEquals(200, RawHttp.read(new BufferedInputStream(first.getInputStream())).status());
        } finally {
            for (Socket s : idle) s.close();
        }
        alive("idle connections (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    }

    @Test
    @Order(7)
    void theStoredStateIsUnchangedAndWatchesOutliveTheRequestTimeout() throws Exception {
        assertEquals(List.of(), wrong, "inputs answered otherwise than expected");
        assertTrue(agent.isAlive(), "the agent process is alive");
        String after = state();
        verdict = (after.equals(snapshot) ? "unchanged" : "CHANGED") + " (" + snapshot.lines().count()
                + " objects with their uids and resourceVersions); agent process alive, /readyz 200 after every input";
        assertEquals(snapshot, after, "the stored state changed");
        // a watch opened now and left past the request timeout is not cut off by it
        try (Socket w = RawHttp.connect(host, API_PORT, null, Duration.ofSeconds(30))) {
            w.getOutputStream().write(("GET /apis/apps/v1/deployments?watch=1 HTTP/1.1\r\nHost: shoal\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(w.getInputStream());
            assertEquals("HTTP/1.1 200 OK", RawHttp.line(in));
            long opened = System.nanoTime();
            // the trickled request below is cut off after REQUEST_TIMEOUT; by then the watch is older than that
            trickle("slowloris while a watch is open", ("GET /readyz HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1), "X".repeat(40).getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(System.nanoTime() - opened > REQUEST_TIMEOUT.toNanos());
            String other = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"after\",\"namespace\":\"default\"},"
                    + "\"spec\":{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"after\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"after\"}},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"img:1\"}]}}}}";
            assertEquals(201, Http.post(agent.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", other).status());
            boolean seen = false;
            for (String line = RawHttp.line(in); line != null && !seen; line = RawHttp.line(in)) {
                seen = line.contains("\"ADDED\"") && line.contains("\"after\"");
            }
            assertTrue(seen, "the watch delivered the new Deployment after the request timeout had passed");
        }
    }

    // ---- helpers ----

    /** The Deployment with the first occurrence of {@code from} replaced. */
    private static String good(String from, String to) {
        int at = DEPLOYMENT.indexOf(from);
        assertTrue(at >= 0, from);
        return DEPLOYMENT.substring(0, at) + to + DEPLOYMENT.substring(at + from.length());
    }

    private static byte[] withBytes(String text, String marker, byte[] bytes) {
        int at = text.indexOf(marker);
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
        return RawHttp.concat(RawHttp.concat(before, bytes), after);
    }

    private void post(String what, String contentType, String body, int expected) throws IOException {
        send(what, RawHttp.request("POST", DEPLOYMENTS, contentType, body.getBytes(StandardCharsets.UTF_8)), expected);
    }

    private void patch(String what, String contentType, String body, int expected) throws IOException {
        send(what, RawHttp.request("PATCH", DEPLOYMENTS + "/keep", contentType, body.getBytes(StandardCharsets.UTF_8)), expected);
    }

    /** Sends one raw request; the answer must be {@code expected}, a Kubernetes Status with a message. */
    private void send(String what, byte[] request, int expected) throws IOException {
        long t0 = System.nanoTime();
        RawHttp.Answer a = RawHttp.exchange(host, API_PORT, request, Duration.ofSeconds(20));
        record(what, a.status(), t0, Set.of(expected));
        if (a.status() == expected) {
            JsonNode s = Json.JSON.readTree(a.body());
            if (!"Status".equals(s.path("kind").asText()) || s.path("message").asText().isBlank() || s.path("code").asInt() != expected) {
                wrong.add(what + ": not a Status with a message: " + abbreviate(a.body()));
            }
            if (a.body().length() > 64 * 1024) wrong.add(what + ": an answer of " + a.body().length() + " bytes");
        } else {
            wrong.add(what + ": expected " + expected + ", got " + a.status() + " " + abbreviate(a.body()));
        }
        alive(what);
    }

    /**
     * Sends {@code head} at once, then {@code rest} a byte every 500 ms, as a slowloris does; the
     * agent must answer 408 and close about {@link #REQUEST_TIMEOUT} after the first byte.
     */
    private void trickle(String what, byte[] head, byte[] rest) throws IOException {
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long t0 = System.nanoTime();
        try (Socket s = RawHttp.connect(host, API_PORT, null, Duration.ofSeconds(20))) {
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.flush();
            AtomicInteger next = new AtomicInteger();
            pacer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= rest.length) return;
                try {
                    out.write(rest[i]);
                    out.flush();
                } catch (IOException closed) {
                    next.set(rest.length);
                }
            }, 500, 500, TimeUnit.MILLISECONDS);
            RawHttp.Answer a;
            try {
                a = RawHttp.read(new BufferedInputStream(s.getInputStream()));
            } catch (SocketTimeoutException e) {
                a = new RawHttp.Answer(0, java.util.Map.of(), "no answer within 20 s");
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            record(what, a.status(), t0, Set.of(408));
            if (a.status() != 408) wrong.add(what + ": expected 408, got " + a.status() + " " + a.body());
            if (ms < REQUEST_TIMEOUT.toMillis() || ms > REQUEST_TIMEOUT.toMillis() + 3000) {
                wrong.add(what + ": cut off after " + ms + " ms, not about " + REQUEST_TIMEOUT.toMillis());
            }
            // after the 408 the connection is closed
            if (a.status() == 408 && !closed(s)) wrong.add(what + ": the connection stayed open after 408");
        } finally {
            pacer.shutdownNow();
        }
        alive(what);
    }

    /** End of stream or a reset (the pacer may still have been writing when the agent closed). */
    private static boolean closed(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    private void record(String what, int status, long t0, Set<Integer> expected) {
        String answer = status == RawHttp.CLOSED ? "closed" : Integer.toString(status);
        table.add(String.format("%-58s %-14s %8d", what.length() > 58 ? what.substring(0, 55) + "..." : what,
                answer + (expected.contains(status) ? "" : " (!)"), (System.nanoTime() - t0) / 1_000_000));
    }

    /** The agent still serves: /readyz answers 200 at once. */
    private void alive(String after) {
        if (!agent.isAlive()) throw new AssertionError("the agent died after: " + after + "\n" + agent.logTail(40));
        Http.Reply r = Http.get(agent.baseUrl() + "/readyz");
        if (r.status() != 200) wrong.add("after " + after + ": /readyz answered " + r.status());
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /**
     * Every stored object a request could change, with its uid and resourceVersion. Not Nodes
     * (their agents write them), Events (controllers report with them), Endpoints and
     * EndpointSlices (computed when read).
     */
    private String state() {
        StringBuilder out = new StringBuilder();
        for (String list : List.of("/api/v1/namespaces", "/api/v1/pods", "/api/v1/services",
                "/apis/apps/v1/deployments", "/apis/apps/v1/replicasets")) {
            for (JsonNode o : Http.get(agent.baseUrl() + list).json().path("items")) {
                JsonNode m = o.path("metadata");
                out.append(list).append(' ').append(m.path("namespace").asText()).append('/').append(m.path("name").asText())
                        .append(" uid=").append(m.path("uid").asText()).append(" rv=").append(m.path("resourceVersion").asText()).append('\n');
            }
        }
        return out.toString();
    }

    /** The state once controllers have finished reacting to the setup: unchanged for 2 s. */
    private String settledState() {
        String[] last = {""};
        long[] since = {System.nanoTime()};
        return Await.until(Duration.ofSeconds(30), "the stored state to settle", () -> {
            String now = state();
            if (!now.equals(last[0])) {
                last[0] = now;
                since[0] = System.nanoTime();
                return null;
            }
            return System.nanoTime() - since[0] > Duration.ofSeconds(2).toNanos() ? now : null;
        });
    }
}
