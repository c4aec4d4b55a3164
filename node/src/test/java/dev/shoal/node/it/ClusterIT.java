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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real agent JVMs on 127.0.0.2-4: a write on one is read on another with the same
 * resourceVersion and seen by a watch on the third; the agent that took the write is SIGKILLed
 * and the object stays readable and writable; then the whole cluster restarts from its snapshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    /** A Service: desired state that no controller rewrites, so its resourceVersion is the write's own. */
    private static final String SERVICE = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}}""";
    private static final String PATH = "/api/v1/namespaces/default/services";

    private TestCluster cluster;
    private String writtenRv;

    @BeforeAll
    void start() throws IOException {
        cluster = TestCluster.create("ClusterIT", 3, 16443, 15801, List.of()).start();
        cluster.awaitNodesReady(3);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void writeOnOneIsReadOnAnotherAndWatchedOnTheThird() throws Exception {
        AgentProcess a = cluster.agent(0), b = cluster.agent(1), c = cluster.agent(2);
        String listRv = Http.get(c.baseUrl() + PATH).json().path("metadata").path("resourceVersion").asText();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(c.baseUrl() + PATH + "?watch=true&resourceVersion=" + listRv)).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(events::add));

        Http.Reply created = Http.post(a.baseUrl() + PATH, SERVICE);
        assertEquals(201, created.status(), created.body());
        writtenRv = created.json().path("metadata").path("resourceVersion").asText();

        Http.Reply read = Http.get(b.baseUrl() + PATH + "/web");
        assertEquals(200, read.status(), read.body());
        assertEquals(writtenRv, read.json().path("metadata").path("resourceVersion").asText());

        String line = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(line, "the watch on " + c.name() + " saw nothing within 10 s");
        JsonNode event = Json.JSON.readTree(line);
        assertEquals("ADDED", event.path("type").asText());
        assertEquals("web", event.path("object").path("metadata").path("name").asText());
        assertEquals(writtenRv, event.path("object").path("metadata").path("resourceVersion").asText());
    }

    @Test
    @Order(2)
    void killingTheWriterLosesNothingAndItLeavesWithinFiveSeconds() throws Exception {
        AgentProcess a = cluster.agent(0), b = cluster.agent(1), c = cluster.agent(2);
        long killedAt = System.nanoTime();
        a.kill();
        Await.until(Duration.ofSeconds(10), "node-1 marked NotReady", () -> {
            JsonNode node = Http.get(b.baseUrl() + "/api/v1/nodes/node-1").json();
            for (JsonNode cond : node.path("status").path("conditions")) {
                if (cond.path("type").asText().equals("Ready") && !cond.path("status").asText().equals("True")) return true;
            }
            return null;
        });
        long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.println("ClusterIT: SIGKILLed node-1 was out of the membership and marked NotReady after " + detectedMs + " ms");
        assertTrue(detectedMs <= 5_000, "node-1 left the membership after " + detectedMs + " ms, more than 5 s");

        for (AgentProcess survivor : List.of(b, c)) {
            Http.Reply read = Http.get(survivor.baseUrl() + PATH + "/web");
            assertEquals(200, read.status(), read.body());
            assertEquals(writtenRv, read.json().path("metadata").path("resourceVersion").asText());
        }
        JsonNode obj = Http.get(c.baseUrl() + PATH + "/web").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) obj.path("spec").path("ports").get(0)).put("port", 8081);
        Http.Reply updated = Http.put(c.baseUrl() + PATH + "/web", obj.toString());
        assertEquals(200, updated.status(), updated.body());
        assertEquals(8081, Http.get(b.baseUrl() + PATH + "/web").json().path("spec").path("ports").get(0).path("port").asInt());
    }

    @Test
    @Order(3)
    void desiredStateSurvivesStoppingAndStartingEveryAgent() throws Exception {
        String rvBefore = Http.get(cluster.agent(1).baseUrl() + PATH + "/web").json().path("metadata").path("resourceVersion").asText();
        cluster.stopAll();
        cluster.start();
        cluster.awaitNodesReady(3);
        for (AgentProcess agent : cluster.agents()) {
            Http.Reply read = Http.get(agent.baseUrl() + PATH + "/web");
            assertEquals(200, read.status(), agent.name() + ": " + read.body());
            assertEquals(8081, read.json().path("spec").path("ports").get(0).path("port").asInt(), agent.name());
            assertEquals(rvBefore, read.json().path("metadata").path("resourceVersion").asText(), agent.name());
        }
    }
}
