package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.node.agent.Agent;
import dev.shoal.node.agent.AgentSettings;
import dev.shoal.node.agent.NodeCapacity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets a clear 4xx naming the offending field, and changes nothing. One real agent
 * (in this JVM, real Hazelcast member, real HTTP) answers every malformed request in the table;
 * after each, the stored state is compared with what it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    private static final String GOOD = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"good"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"good"}},
                     "template":{"metadata":{"labels":{"app":"good"}},
                                 "spec":{"containers":[{"name":"c","image":"img:1"}]}}}}""";

    private Agent agent;
    private String base;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("shoal-badinput");
        agent = Agent.start(new AgentSettings("bad-input", "127.0.0.9", 0, 15901, List.of(), "badinput-" + ProcessHandle.current().pid(),
                dir, Map.of(), new NodeCapacity(2000, 4L << 30, 110)));
        base = "http://127.0.0.9:" + agent.apiPort();
        assertEquals(201, Http.post(base + DEPLOYMENTS, GOOD).status());
    }

    @AfterAll
    void stop() {
        if (agent != null) agent.close();
    }

    /** A manifest like GOOD with one JSON fragment replaced. */
    private static String good(String from, String to) {
        assertTrue(GOOD.contains(from), from);
        return GOOD.replace(from, to);
    }

    static Stream<Arguments> badCreates() {
        return Stream.of(
                // description, body, expected status, field named in details.causes (or "" when none applies)
                Arguments.of("malformed JSON", "{\"apiVersion\": \"apps/v1\", ", 400, ""),
                Arguments.of("malformed YAML", "apiVersion: apps/v1\nkind: Deployment\n  metadata: x: y\n", 400, ""),
                Arguments.of("not an object", "[1,2,3]", 400, ""),
                Arguments.of("unknown kind", good("\"kind\":\"Deployment\"", "\"kind\":\"Deploymint\""), 400, "kind"),
                Arguments.of("unknown apiVersion", good("\"apiVersion\":\"apps/v1\"", "\"apiVersion\":\"apps/v9\""), 400, "kind"),
                Arguments.of("kind of another path", good("\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"", "\"apiVersion\":\"v1\",\"kind\":\"Service\""), 400, "kind"),
                Arguments.of("invalid name", good("\"name\":\"good\"", "\"name\":\"Bad_Name\""), 422, "metadata.name"),
                Arguments.of("missing name", good("\"name\":\"good\"", "\"labels\":{}"), 422, "metadata.name"),
                Arguments.of("negative replicas", good("\"replicas\":1", "\"replicas\":-1"), 422, "spec.replicas"),
                Arguments.of("selector does not match template", good("\"matchLabels\":{\"app\":\"good\"}", "\"matchLabels\":{\"app\":\"other\"}"), 422, "spec.template.metadata.labels"),
                Arguments.of("empty image", good("\"image\":\"img:1\"", "\"image\":\"\""), 422, "spec.template.spec.containers[0].image"),
                Arguments.of("duplicate container names", good("[{\"name\":\"c\",\"image\":\"img:1\"}]", "[{\"name\":\"c\",\"image\":\"img:1\"},{\"name\":\"c\",\"image\":\"img:2\"}]"), 422, "spec.template.spec.containers[1].name"),
                Arguments.of("duplicate ports", good("\"image\":\"img:1\"", "\"image\":\"img:1\",\"ports\":[{\"containerPort\":80},{\"containerPort\":80}]"), 422, "spec.template.spec.containers[0].ports[1]"),
                Arguments.of("namespace mismatch", good("\"name\":\"good\"", "\"name\":\"x\",\"namespace\":\"other\""), 400, "metadata.namespace")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void badCreateIsRefusedAndChangesNothing(String what, String body, int status, String field) {
        String before = state();
        Http.Reply r = Http.send("POST", base + DEPLOYMENTS, body, "application/json");
        assertEquals(status, r.status(), what + ": " + r.body());
        JsonNode s = r.json();
        assertEquals("Status", s.path("kind").asText(), r.body());
        assertEquals("Failure", s.path("status").asText());
        assertEquals(status, s.path("code").asInt());
        assertTrue(!s.path("message").asText().isBlank());
        if (!field.isEmpty()) {
            boolean named = false;
            for (JsonNode c : s.path("details").path("causes")) named |= c.path("field").asText().startsWith(field);
            assertTrue(named, what + ": no cause names " + field + " in " + r.body());
        }
        assertEquals(before, state(), what + " changed the stored state");
    }

    @Test
    void yamlErrorsNameLineAndColumn() {
        Http.Reply r = Http.send("POST", base + DEPLOYMENTS, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [unclosed\n", "application/yaml");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().path("message").asText().contains("line"), r.body());
    }

    @Test
    void createOfAnExistingNameIsAConflict() {
        Http.Reply r = Http.post(base + DEPLOYMENTS, GOOD);
        assertEquals(409, r.status(), r.body());
        assertEquals("AlreadyExists", r.json().path("reason").asText());
    }

    @Test
    void staleResourceVersionIsAConflict() {
        JsonNode current = Http.get(base + DEPLOYMENTS + "/good").json();
        long rv = current.path("metadata").path("resourceVersion").asLong();
        String stale = current.toString().replace("\"resourceVersion\":\"" + rv + "\"", "\"resourceVersion\":\"" + (rv - 1) + "\"");
        String before = state();
        Http.Reply r = Http.put(base + DEPLOYMENTS + "/good", stale);
        assertEquals(409, r.status(), r.body());
        assertEquals("Conflict", r.json().path("reason").asText());
        assertEquals(before, state());
    }

    @Test
    void unknownNamespaceIsNotFound() {
        Http.Reply r = Http.post(base + "/apis/apps/v1/namespaces/nowhere/deployments", good("\"name\":\"good\"", "\"name\":\"elsewhere\""));
        assertEquals(404, r.status(), r.body());
        assertTrue(r.json().path("message").asText().contains("nowhere"), r.body());
    }

    @Test
    void oversizedBodyIs413() {
        String huge = GOOD.replace("\"name\":\"good\"", "\"name\":\"huge\",\"annotations\":{\"a\":\"" + "x".repeat(4 << 20) + "\"}");
        String before = state();
        Http.Reply r = Http.post(base + DEPLOYMENTS, huge);
        assertEquals(413, r.status(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
        assertEquals("RequestEntityTooLarge", r.json().path("reason").asText());
        assertEquals(before, state());
        assertEquals(200, Http.get(base + "/healthz").status(), "the agent still serves after a 413");
    }

    @Test
    void unknownResourcePathIs404() {
        assertEquals(404, Http.get(base + "/apis/apps/v1/namespaces/default/statefulsets").status());
        assertEquals(404, Http.get(base + DEPLOYMENTS + "/missing").status());
    }

    /**
     * What a user's write could change: every Deployment and Service with its uid, generation,
     * labels and spec. (Not resourceVersions: the Deployment's leader writes its status and
     * annotations meanwhile, which no bad request is responsible for.)
     */
    private String state() {
        StringBuilder out = new StringBuilder();
        for (String list : List.of("/apis/apps/v1/deployments", "/api/v1/services")) {
            for (JsonNode o : Http.get(base + list).json().path("items")) {
                JsonNode m = o.path("metadata");
                out.append(m.path("namespace").asText()).append('/').append(m.path("name").asText())
                        .append(' ').append(m.path("uid").asText()).append(" g").append(m.path("generation").asText())
                        .append(' ').append(m.path("labels")).append(' ').append(o.path("spec")).append('\n');
            }
        }
        return out.toString();
    }
}
