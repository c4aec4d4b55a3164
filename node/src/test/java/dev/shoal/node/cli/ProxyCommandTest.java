package dev.shoal.node.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** shoal proxy against a fake API: the token added, the client's own dropped, failover, HTTP/2 offers ignored. */
class ProxyCommandTest {
    @Test
    void forwardsWithTheTokenFailingOverAndRefusesUpgrades() throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("GET /api/v1/namespaces/default/pods", 200, "{\"kind\":\"PodList\"}", "deprecated");
            api.on("POST /api/v1/namespaces", 403, FakeApi.status(403, "Forbidden", "no"));
            HttpServer proxy = ProxyCommand.serve("127.0.0.1", 0, Peers.parse("127.0.0.1:" + FakeApi.deadPort() + "," + api.address()),
                    "s3cret");
            try {
                String base = "http://127.0.0.1:" + proxy.getAddress().getPort();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/default/pods"))
                        .header("Authorization", "Bearer the-clients-own").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("{\"kind\":\"PodList\"}", r.body());
                assertTrue(r.headers().firstValue("Warning").orElse("").contains("deprecated"));
                assertEquals("Bearer s3cret", api.requests().get(0).header("Authorization"));

                r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode(), "the cluster's answer, whatever it is");
                assertEquals("{\"a\":1}", api.requests().get(1).body());
                assertEquals("application/json", api.requests().get(1).header("Content-Type"));

                // exec's upgrade cannot pass; the JDK's HTTP/2 offer (h2c) is just not taken up
                r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/default/pods")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals(3, api.requests().size());
            } finally {
                proxy.stop(0);
            }
            HttpServer nowhere = ProxyCommand.serve("127.0.0.1", 0, Peers.parse("127.0.0.1:" + FakeApi.deadPort()), null);
            try {
                HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nowhere.getAddress().getPort() + "/api")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(503, r.statusCode());
                assertTrue(r.body().contains("no listed peer could be reached"), r.body());
            } finally {
                nowhere.stop(0);
            }
        }
    }
}
