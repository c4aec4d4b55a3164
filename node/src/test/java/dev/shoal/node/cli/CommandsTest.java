package dev.shoal.node.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** delete, scale, version and the exit codes common to all commands. */
class CommandsTest {
    private static final String WEB = "/apis/apps/v1/namespaces/default/deployments/web";
    private final FakeApi api = new FakeApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest(name = "--cascade={0}")
    @CsvSource({"background, Background", "foreground, Foreground", "orphan, Orphan", "Orphan, Orphan"})
    void deleteSendsDeleteOptionsWithThePropagationPolicy(String cascade, String policy) {
        api.on("DELETE " + WEB, 200, "{\"kind\":\"Status\",\"status\":\"Success\"}");
        assertEquals(new Cli.Result(0, "deployment.apps \"web\" deleted\n", ""),
                Cli.run(api.address(), "delete", "deploy", "web", "--cascade=" + cascade));
        FakeApi.Request r = api.requests().get(0);
        assertEquals("DELETE " + WEB, r.target());
        assertEquals("{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"" + policy + "\"}", r.body());
        assertEquals("application/json", r.header("Content-Type"));
    }

    @Test
    void deleteDefaultsToBackgroundAndReportsMissingObjects() {
        api.on("DELETE /api/v1/namespaces/prod/pods/a", 200, "{}")
                .on("DELETE /api/v1/namespaces/prod/pods/b", 404, FakeApi.status(404, "NotFound", "pods \"b\" not found"));
        assertEquals(new Cli.Result(1, "pod \"a\" deleted\n", "error: pods \"b\" not found\n"),
                Cli.run(api.address(), "delete", "po", "a", "b", "-n", "prod"));
        assertTrue(api.requests().get(0).body().contains("\"Background\""));
        assertEquals(new Cli.Result(0, "pod \"a\" deleted\n", ""),
                Cli.run(api.address(), "delete", "pods/a", "pods/b", "-n", "prod", "--ignore-not-found"));
    }

    @Test
    void deleteFromAManifest() {
        api.on("DELETE /api/v1/namespaces/default/services/web", 200, "{}").on("DELETE /api/v1/nodes/n1", 200, "{}");
        String yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n";
        assertEquals(new Cli.Result(0, "service \"web\" deleted\nnode \"n1\" deleted\n", ""),
                Cli.runWithStdin(api.address(), yaml, "delete", "-f", "-"));
    }

    @Test
    void scalePatchesTheScaleSubresource() {
        api.on("PATCH " + WEB + "/scale", 200, "{\"kind\":\"Scale\",\"spec\":{\"replicas\":5}}");
        assertEquals(new Cli.Result(0, "deployment.apps/web scaled\n", ""), Cli.run(api.address(), "scale", "deploy", "web", "--replicas", "5"));
        FakeApi.Request r = api.requests().get(0);
        assertEquals("application/merge-patch+json", r.header("Content-Type"));
        assertEquals("{\"spec\":{\"replicas\":5}}", r.body());
    }

    @Test
    void scaleWithCurrentReplicasChecksThenPatchesWithTheResourceVersion() {
        api.on("GET " + WEB + "/scale", 200, "{\"kind\":\"Scale\",\"metadata\":{\"resourceVersion\":\"12\"},\"spec\":{\"replicas\":3}}")
                .on("PATCH " + WEB + "/scale", 200, "{}");
        assertEquals(new Cli.Result(0, "deployment.apps/web scaled\n", ""),
                Cli.run(api.address(), "scale", "deployment/web", "--replicas=1", "--current-replicas=3"));
        assertEquals("{\"metadata\":{\"resourceVersion\":\"12\"},\"spec\":{\"replicas\":1}}", api.requests().get(1).body());

        assertEquals(new Cli.Result(1, "", "error: Expected replicas to be 2, was 3\n"),
                Cli.run(api.address(), "scale", "deploy", "web", "--replicas=1", "--current-replicas=2"));
        assertEquals(1, api.requests().stream().filter(r -> r.method().equals("PATCH")).count(), "no patch after a failed check");
    }

    @Test
    void scaleRefusesKindsWithoutReplicas() {
        assertEquals(new Cli.Result(1, "", "error: services cannot be scaled; scale a deployment or a replica set\n"),
                Cli.run(api.address(), "scale", "svc", "web", "--replicas=2"));
    }

    @Test
    void versionPrintsClientThenServer() {
        api.on("GET /version", 200, "{\"gitVersion\":\"v0.1.0\",\"platform\":\"linux/amd64\"}");
        assertEquals(new Cli.Result(0, "Client Version: v" + dev.shoal.node.ShoalVersion.VERSION + "\nServer Version: v0.1.0\n", ""), Cli.run(api.address(), "version"));
        assertEquals(new Cli.Result(0, """
                {
                    "clientVersion": {
                        "gitVersion": "v%s"
                    },
                    "serverVersion": {
                        "gitVersion": "v0.1.0",
                        "platform": "linux/amd64"
                    }
                }
                """.formatted(dev.shoal.node.ShoalVersion.VERSION), ""), Cli.run(api.address(), "version", "-o", "json"));
    }

    @Test
    void noReachablePeerIsExitThree() {
        int a = FakeApi.deadPort();
        int b = FakeApi.deadPort();
        Cli.Result r = Cli.run("127.0.0.1:" + a + ",127.0.0.1:" + b, "version");
        assertEquals(new Cli.Result(3, "Client Version: v" + dev.shoal.node.ShoalVersion.VERSION + "\n",
                "error: no Shoal peer reachable (tried 127.0.0.1:" + a + ", 127.0.0.1:" + b + ")\n"), r);
    }

    @Test
    void theServerFlagWinsOverTheEnvironmentAndTheTokenIsSent() {
        api.on("GET /version", 200, "{\"gitVersion\":\"v0.1.0\"}");
        CliEnvironment env = Cli.environment(Map.of("SHOAL_SERVER", "127.0.0.1:" + FakeApi.deadPort(), "SHOAL_TOKEN", "from-env"), "");
        assertEquals(0, Cli.run(env, "version", "--server", api.address()).exit());
        assertEquals("Bearer from-env", api.requests().get(0).header("Authorization"));
        assertEquals(0, Cli.run(env, "version", "--server=" + api.address(), "--token", "flag").exit());
        assertEquals("Bearer flag", api.requests().get(1).header("Authorization"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "get",
            "scale deploy web",
            "get pods -o xml",
            "delete --cascade=sideways deploy web",
            "delete",
            "get pods --request-timeout=soon",
            "frobnicate",
    })
    void usageErrorsAreExitTwo(String args) {
        Cli.Result r = Cli.run(api.address(), args.split(" "));
        assertEquals(2, r.exit(), r.err());
        assertEquals(List.of(), api.targets());
    }

    @Test
    void helpListsTheExitCodes() {
        Cli.Result r = Cli.run(api.address(), "get", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().contains("3   no listed peer was reachable"), r.out());
    }
}
