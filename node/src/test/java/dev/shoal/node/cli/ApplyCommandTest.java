package dev.shoal.node.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApplyCommandTest {
    private static final String DEPLOY = "/apis/apps/v1/namespaces/default/deployments";
    private static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {replicas: 2}
            """;
    private final FakeApi api = new FakeApi();

    @AfterEach
    void stop() {
        api.close();
    }

    private static String deployment(String rv) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"resourceVersion\":\"" + rv + "\"}}";
    }

    @Test
    void aMissingObjectIsCreatedInTheDefaultNamespace() {
        api.on("GET " + DEPLOY + "/web", 404, FakeApi.status(404, "NotFound", "deployments.apps \"web\" not found"))
                .on("POST " + DEPLOY, 201, deployment("1"));

        Cli.Result r = Cli.runWithStdin(api.address(), WEB, "apply", "-f", "-");

        assertEquals(new Cli.Result(0, "deployment.apps/web created\n", ""), r);
        assertEquals(List.of("GET " + DEPLOY + "/web", "POST " + DEPLOY), api.targets());
        FakeApi.Request post = api.requests().get(1);
        assertEquals("application/json", post.header("Content-Type"));
        assertEquals("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"replicas\":2}}",
                post.body());
    }

    @Test
    void anExistingObjectIsReplacedWithItsResourceVersion() {
        api.on("GET " + DEPLOY + "/web", 200, deployment("7"))
                .on("PUT " + DEPLOY + "/web", 200, deployment("8"), "spec.replicas above 100 is unusual");

        Cli.Result r = Cli.runWithStdin(api.address(), WEB, "apply", "-f", "-");

        assertEquals(new Cli.Result(0, "deployment.apps/web configured\n", "Warning: spec.replicas above 100 is unusual\n"), r);
        assertEquals("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"resourceVersion\":\"7\"},\"spec\":{\"replicas\":2}}",
                api.requests().get(1).body());
    }

    @Test
    void anUpdateThatChangesNothingIsUnchanged() {
        api.on("GET " + DEPLOY + "/web", 200, deployment("7")).on("PUT " + DEPLOY + "/web", 200, deployment("7"));
        assertEquals(new Cli.Result(0, "deployment.apps/web unchanged\n", ""), Cli.runWithStdin(api.address(), WEB, "apply", "-f", "-"));
    }

    @Test
    void aConflictRereadsAndRetries() {
        String conflict = FakeApi.status(409, "Conflict", "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified");
        api.on("GET " + DEPLOY + "/web", 200, deployment("7")).on("GET " + DEPLOY + "/web", 200, deployment("9"))
                .on("PUT " + DEPLOY + "/web", 409, conflict).on("PUT " + DEPLOY + "/web", 200, deployment("10"));

        Cli.Result r = Cli.runWithStdin(api.address(), WEB, "apply", "-f", "-");

        assertEquals(new Cli.Result(0, "deployment.apps/web configured\n", ""), r);
        assertEquals(List.of("GET " + DEPLOY + "/web", "PUT " + DEPLOY + "/web", "GET " + DEPLOY + "/web", "PUT " + DEPLOY + "/web"), api.targets());
        assertEquals(true, api.requests().get(3).body().contains("\"resourceVersion\":\"9\""));
    }

    @Test
    void persistentConflictsGiveUpAfterThreeRetries() {
        api.on("GET " + DEPLOY + "/web", 200, deployment("7"))
                .on("PUT " + DEPLOY + "/web", 409, FakeApi.status(409, "Conflict", "the object has been modified"));

        Cli.Result r = Cli.runWithStdin(api.address(), WEB, "apply", "-f", "-");

        assertEquals(new Cli.Result(1, "", "error: the object has been modified\n"), r);
        assertEquals(1 + ApplyCommand.MAX_CONFLICT_RETRIES, api.targets().stream().filter(t -> t.startsWith("PUT")).count());
    }

    @Test
    void aFailingObjectDoesNotStopTheOthers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("all.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: bad, namespace: prod}
                ---
                apiVersion: v1
                kind: Frobnicator
                metadata: {name: x}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: prod}
                """);
        api.on("GET /api/v1/namespaces/prod/services/bad", 404, FakeApi.status(404, "NotFound", "not found"))
                .on("POST /api/v1/namespaces/prod/services", 422, FakeApi.status(422, "Invalid", "Service \"bad\" is invalid: spec.ports: Required value"))
                .on("GET /api/v1/namespaces/prod", 404, FakeApi.status(404, "NotFound", "not found"))
                .on("POST /api/v1/namespaces", 201, "{\"metadata\":{\"name\":\"prod\",\"resourceVersion\":\"1\"}}");

        Cli.Result r = Cli.run(api.address(), "apply", "-f", dir.toString());

        assertEquals(new Cli.Result(1, "namespace/prod created\n", """
                error: Service "bad" is invalid: spec.ports: Required value
                error: no matches for kind "Frobnicator" in version "v1"
                """), r);
        assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"prod\"}}", api.requests().get(3).body());
    }

    @Test
    void aManifestNamespaceMustMatchAnExplicitNamespace() {
        Cli.Result r = Cli.runWithStdin(api.address(), "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: prod}\n",
                "apply", "-n", "dev", "-f", "-");
        assertEquals(1, r.exit());
        assertEquals("error: the namespace from the provided object \"prod\" does not match the namespace \"dev\"."
                + " You must pass '--namespace=prod' to perform this operation.\n", r.err());
        assertEquals(List.of(), api.targets());
    }

    @Test
    void aMissingFileIsAnErrorBeforeAnyRequest() {
        assertEquals(new Cli.Result(1, "", "error: the path \"/no/such.yaml\" does not exist\n"),
                Cli.run(api.address(), "apply", "-f", "/no/such.yaml"));
    }
}
