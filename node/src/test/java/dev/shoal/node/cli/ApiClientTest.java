package dev.shoal.node.cli;

import dev.shoal.api.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiClientTest {
    private final List<FakeApi> servers = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(FakeApi::close);
    }

    private FakeApi server() {
        FakeApi s = new FakeApi();
        servers.add(s);
        return s;
    }

    private ApiClient client(Duration timeout, String... addresses) {
        return new ApiClient(Peers.parse(String.join(",", addresses)), "s3cret", timeout, warnings::add);
    }

    @Test
    void aDeadPeerIsSkippedAndTheLiveOneRemembered() {
        FakeApi live = server().on("GET /version", 200, "{\"gitVersion\":\"v1\"}");
        String dead = "127.0.0.1:" + FakeApi.deadPort();
        ApiClient client = client(Duration.ofSeconds(5), dead, live.address());

        assertEquals("v1", client.get("/version").path("gitVersion").asText());
        assertEquals(live.address(), client.currentPeer());
        client.get("/version");
        assertEquals(List.of("GET /version", "GET /version"), live.targets());
        assertEquals("Bearer s3cret", live.requests().get(0).header("Authorization"));
    }

    @Test
    void whenThePreferredPeerDiesTheNextOneTakesOver() {
        FakeApi first = server().on("GET /version", 200, "{}");
        FakeApi second = server().on("GET /version", 200, "{}");
        ApiClient client = client(Duration.ofSeconds(5), first.address(), second.address());
        client.get("/version");
        first.close();

        client.get("/version");
        assertEquals(second.address(), client.currentPeer());
        assertEquals(1, second.requests().size());
    }

    @Test
    void anHttpErrorIsTheClustersAnswerAndNeverFailsOver() {
        FakeApi failing = server().on("GET /api/v1/nodes", 500, FakeApi.status(500, "InternalError", "store unavailable"));
        FakeApi other = server();
        ApiClient client = client(Duration.ofSeconds(5), failing.address(), other.address());

        ApiException e = assertThrows(ApiException.class, () -> client.get("/api/v1/nodes"));
        assertEquals(500, e.code());
        assertEquals("store unavailable", e.getMessage());
        assertEquals(List.of(), other.requests());
    }

    @Test
    void aPeerThatDoesNotAnswerInTimeIsSkipped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeApi frozen = server();
        // a handler that never answers until the test ends: a frozen agent with an open socket
        FakeApi live = server().on("GET /version", 200, "{}");
        var hang = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hang.createContext("/", ex -> {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        hang.start();
        try {
            ApiClient client = client(Duration.ofMillis(300), "127.0.0.1:" + hang.getAddress().getPort(), live.address());
            client.get("/version");
            assertEquals(live.address(), client.currentPeer());
        } finally {
            release.countDown();
            hang.stop(0);
            frozen.close();
        }
    }

    @Test
    void noReachablePeerNamesEveryPeerTried() {
        int a = FakeApi.deadPort();
        int b = FakeApi.deadPort();
        ApiClient client = client(Duration.ofSeconds(5), "127.0.0.1:" + a, "http://127.0.0.1:" + b);
        PeersUnreachableException e = assertThrows(PeersUnreachableException.class, () -> client.get("/version"));
        assertEquals("no Shoal peer reachable (tried 127.0.0.1:" + a + ", 127.0.0.1:" + b + ")", e.getMessage());
    }

    @Test
    void anUnknownHostCountsAsUnreachable() {
        FakeApi live = server().on("GET /version", 200, "{}");
        ApiClient client = client(Duration.ofSeconds(5), "no-such-host.invalid:6443", live.address());
        client.get("/version");
        assertEquals(live.address(), client.currentPeer());
    }

    @Test
    void warningsAreReportedAndValidationCausesParsed() {
        FakeApi api = server()
                .on("GET /version", 200, "{}", "deprecated field spec.foo", "second")
                .on("POST /api/v1/namespaces/default/pods", 422, """
                        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,
                         "message":"Pod \\"x\\" is invalid: spec.containers[0].image: Required value",
                         "details":{"name":"x","kind":"Pod","causes":[
                           {"reason":"FieldValueRequired","message":"Required value","field":"spec.containers[0].image"}]}}
                        """);
        ApiClient client = client(Duration.ofSeconds(5), api.address());
        client.get("/version");
        assertEquals(List.of("deprecated field spec.foo", "second"), warnings);

        ApiException e = assertThrows(ApiException.class, () -> client.post("/api/v1/namespaces/default/pods", dev.shoal.api.Json.object()));
        assertEquals("Invalid", e.reason());
        assertEquals("Pod \"x\" is invalid: spec.containers[0].image: Required value", e.getMessage());
        assertEquals("spec.containers[0].image", e.causes().get(0).field());
        assertEquals("application/json", api.requests().get(1).header("Content-Type"));
        assertEquals("{}", api.requests().get(1).body());
    }
}
