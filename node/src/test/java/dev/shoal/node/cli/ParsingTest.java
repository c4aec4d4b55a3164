package dev.shoal.node.cli;

import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The small pure parsers of the CLI: peers, durations, warnings, error bodies, targets, paths. */
class ParsingTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a:1,b:2                       | http://a:1 http://b:2",
            "node-1                        | http://node-1:6443",
            "https://h:8443/                | https://h:8443",
            "' 10.0.0.1:6443 , http://x:80'| http://10.0.0.1:6443 http://x:80",
    })
    void peers(String spec, String expected) {
        List<String> bases = Peers.parse(spec).stream().map(p -> p.base().toString()).toList();
        assertEquals(List.of(expected.split(" ")), bases);
    }

    @Test
    void peersComeFromFlagThenEnvironmentThenConfigThenDefault(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve(".shoal"));
        Files.writeString(home.resolve(".shoal/config"), "# peers\nserver=c:3\n");
        Map<String, String> env = Map.of("SHOAL_SERVER", "e:2");
        assertEquals("f:1", Peers.resolve("f:1", env, home).get(0).display());
        assertEquals("e:2", Peers.resolve(null, env, home).get(0).display());
        assertEquals("c:3", Peers.resolve(null, Map.of(), home).get(0).display());
        assertEquals(Peers.DEFAULT, Peers.resolve(null, Map.of(), home.resolve("elsewhere")).get(0).display());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, PT0S", "30, PT30S", "30s, PT30S", "1m30s, PT1M30S", "2h, PT2H", "500ms, PT0.5S"})
    void durations(String text, Duration expected) {
        assertEquals(expected, Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"abc", "5x", "''", "1m-"})
    void badDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @Test
    void warningHeaders() {
        assertEquals(List.of("a \"quoted\" word", "b", "c"), WarningHeaders.texts(List.of(
                "299 - \"a \\\"quoted\\\" word\"", "299 - \"b\", 299 - \"c\"", "199 - \"not an API warning\"")));
    }

    @ParameterizedTest(name = "HTTP {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\",\"message\":\"the object has been modified\"} | 409 | Conflict | the object has been modified",
            "{\"kind\":\"Status\",\"reason\":\"Invalid\",\"details\":{\"causes\":[{\"field\":\"spec.replicas\",\"message\":\"must be >= 0\"}]}} | 422 | Invalid | spec.replicas: must be >= 0",
            "<html>Bad gateway</html> | 502 | Unknown | the server answered HTTP 502: <html>Bad gateway</html>",
            "'' | 503 | Unknown | the server answered HTTP 503",
    })
    void statusBodies(String body, int code, String reason, String message) {
        ApiException e = StatusErrors.fromResponse(code, body);
        assertEquals(List.of(code, reason, message), List.of(e.code(), e.reason(), e.getMessage()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "deploy web api       | DEPLOYMENT | web,api",
            "deployments.apps/web | DEPLOYMENT | web",
            "svc/a svc/b          | SERVICE    | a,b",
            "no                   | NODE       | ''",
            "Pods x               | POD        | x",
    })
    void targets(String args, ResourceType type, String names) {
        Targets t = Targets.parse(List.of(args.split(" ")));
        assertEquals(type, t.type());
        assertEquals(names.isEmpty() ? List.of() : List.of(names.split(",")), t.names());
    }

    @Test
    void unknownKindsAndMixedFormsAreRefused() {
        assertEquals("the server doesn't have a resource type \"foo\"",
                assertThrows(CliException.class, () -> Targets.parse(List.of("foo"))).getMessage());
        assertThrows(CliException.class, () -> Targets.parse(List.of("po/a", "b")));
        assertThrows(CliException.class, () -> Targets.parse(List.of("po/a", "svc/b")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "POD        | default | ''  | /api/v1/namespaces/default/pods",
            "POD        | ''      | ''  | /api/v1/pods",
            "DEPLOYMENT | prod    | web | /apis/apps/v1/namespaces/prod/deployments/web",
            "NODE       | default | n1  | /api/v1/nodes/n1",
            "NAMESPACE  | default | ''  | /api/v1/namespaces",
    })
    void paths(ResourceType type, String namespace, String name, String expected) {
        assertEquals(expected, name.isEmpty() ? ResourcePaths.collection(type, namespace) : ResourcePaths.object(type, namespace, name));
    }

    @Test
    void queriesAreEncodedAndSkipEmptyValues() {
        assertEquals("?labelSelector=app%3Dweb%2Ctier%21%3Ddb&watch=true",
                ResourcePaths.query("labelSelector", "app=web,tier!=db", "fieldSelector", "", "watch", "true"));
        assertEquals("", ResourcePaths.query("labelSelector", null));
    }
}
