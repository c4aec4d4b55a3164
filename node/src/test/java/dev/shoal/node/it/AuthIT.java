package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.node.cli.Cli;
import dev.shoal.node.cli.CliEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three agents with authentication on (no --insecure-dev): a request without credentials is a 401;
 * a view token reads but cannot write (403 in Kubernetes' words); an edit token writes in its
 * namespace only; the admin token minted by whichever agent won the bootstrap works on every
 * agent; the token file given to node 3 only works on every agent; privileged pods need
 * cluster-admin; logs and exec are forwarded between agents with the node credential; the CLI
 * (--token, SHOAL_TOKEN, ~/.shoal/config) fails over, and stock kubectl works over TLS with the
 * kubeconfig {@code shoal config view --kubeconfig} prints (the cluster CA as data). TlsIT covers
 * the TLS itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthIT {
    static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final String VIEW_TOKEN = "view-token-0123456789";
    private static final String EDIT_TOKEN = "edit-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .sslContext(Http.registeredCas()).build();
    /** The cluster CA (any agent's copy): what the CLI and kubectl are told to trust. */
    private static Path ca;

    private TestCluster cluster;
    private String admin;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("shoal-auth-it");
        Path tokens = work.resolve("tokens.csv");
        Files.writeString(tokens, """
                # token,user,uid,groups
                %s,vera,u-vera,"viewers"
                %s,eddie,u-eddie
                """.formatted(VIEW_TOKEN, EDIT_TOKEN));
        Path bindings = work.resolve("bindings");
        Files.writeString(bindings, "view,group:viewers\nedit,user:eddie,team-a\n");
        List<String> common = List.of(AgentProcess.WITH_AUTH, "--cpu", "4000", "--memory-mib", "8192");
        List<String> withFiles = new ArrayList<>(common);
        withFiles.addAll(List.of("--token-auth-file", tokens.toString(), "--authorization-file", bindings.toString()));
        // the files go to node 3 only: what it publishes must work on the others
        cluster = TestCluster.create("AuthIT", "auth-", 17543, 16501, List.of(common, common, withFiles)).start();
        ca = cluster.agent(0).caFile().toAbsolutePath();
        admin = adminToken();
        Await.until(CONVERGE, "3 Ready nodes, read with the admin token", () ->
                get(cluster.agent(0), "/api/v1/nodes", admin).json().path("items").size() == 3 ? Boolean.TRUE : null);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    /** Exactly one agent minted the admin token, into its data directory, readable by its owner only. */
    private String adminToken() throws IOException {
        List<Path> found = new ArrayList<>();
        for (AgentProcess a : cluster.agents()) {
            Path f = Path.of("target", "it-data", "AuthIT", a.name(), "admin.token");
            if (Files.exists(f)) found.add(f);
        }
        assertEquals(1, found.size(), "admin.token files: " + found);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(found.get(0))));
        String minter = found.get(0).getParent().getFileName().toString();
        assertTrue(!minter.equals("auth-3"), "node 3 has a token file and must not mint");
        String log = Files.readString(Path.of("target", "it-logs", minter + ".log"));
        assertTrue(log.contains("export SHOAL_TOKEN=\"$(cat " + found.get(0)), "the minting agent prints how to use it:\n" + log);
        return Files.readString(found.get(0)).strip();
    }

    @Test
    @Order(1)
    void withoutCredentialsOnlyHealthAndVersion() {
        for (AgentProcess a : cluster.agents()) {
            Http.Reply r = get(a, "/api/v1/namespaces/default/pods", null);
            assertEquals(401, r.status(), a.name() + ": " + r.body());
            assertEquals("Unauthorized", r.json().path("reason").asText());
            assertEquals("Status", r.json().path("kind").asText());
            assertEquals(401, get(a, "/api", null).status());
            assertEquals(401, get(a, "/metrics", null).status());
            assertEquals(200, get(a, "/healthz", null).status());
            assertEquals(200, get(a, "/readyz", null).status());
            assertEquals(200, get(a, "/version", null).status());
            // a wrong token is a 401 even where anonymous may read
            assertEquals(401, get(a, "/healthz", "wrong").status());
            assertEquals(401, get(a, "/api/v1/pods", "shoal-node.auth-1.forged").status());
            assertEquals(401, post(a, "/api/v1/namespaces", null, namespace("x")).status());
        }
    }

    @Test
    @Order(2)
    void theMintedAdminTokenWorksOnEveryAgent() {
        for (AgentProcess a : cluster.agents()) {
            assertEquals(200, get(a, "/api/v1/namespaces/default/pods", admin).status(), a.name());
            assertEquals(200, get(a, "/metrics", admin).status(), a.name());
        }
        assertEquals(201, post(cluster.agent(1), "/api/v1/namespaces", admin, namespace("team-a")).status());
        assertEquals(201, post(cluster.agent(2), "/api/v1/namespaces", admin, namespace("team-b")).status());
    }

    @Test
    @Order(3)
    void aViewTokenReadsEverythingAndWritesNothing() {
        for (AgentProcess a : cluster.agents()) {
            assertEquals(200, get(a, "/api/v1/namespaces/default/pods", VIEW_TOKEN).status(), a.name());
            assertEquals(200, get(a, "/api/v1/pods", VIEW_TOKEN).status(), a.name());
            assertEquals(200, get(a, "/api/v1/nodes", VIEW_TOKEN).status(), a.name());
            assertEquals(200, get(a, "/apis/apps/v1", VIEW_TOKEN).status(), a.name());
        }
        Http.Reply r = post(cluster.agent(0), "/apis/apps/v1/namespaces/default/deployments", VIEW_TOKEN, deployment("web", "default", 1));
        forbidden(r, "deployments.apps is forbidden: User \"vera\" cannot create resource \"deployments\" in API group \"apps\""
                + " in the namespace \"default\"");
        r = send(cluster.agent(1), "DELETE", "/api/v1/namespaces/team-a", VIEW_TOKEN, null, null);
        forbidden(r, "namespaces \"team-a\" is forbidden: User \"vera\" cannot delete resource \"namespaces\" in API group \"\""
                + " at the cluster scope");
        assertEquals("team-a", r.json().path("details").path("name").asText());
    }

    @Test
    @Order(4)
    void anEditTokenWritesInItsNamespaceOnly() {
        AgentProcess a = cluster.agent(0);
        assertEquals(201, post(a, "/apis/apps/v1/namespaces/team-a/deployments", EDIT_TOKEN, deployment("edited", "team-a", 1)).status());
        assertEquals(200, get(cluster.agent(1), "/apis/apps/v1/namespaces/team-a/deployments/edited", EDIT_TOKEN).status());
        forbidden(post(a, "/apis/apps/v1/namespaces/team-b/deployments", EDIT_TOKEN, deployment("edited", "team-b", 1)),
                "deployments.apps is forbidden: User \"eddie\" cannot create resource \"deployments\" in API group \"apps\""
                        + " in the namespace \"team-b\"");
        forbidden(get(a, "/api/v1/namespaces/default/pods", EDIT_TOKEN),
                "pods is forbidden: User \"eddie\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"");
        forbidden(get(a, "/api/v1/nodes", EDIT_TOKEN),
                "nodes is forbidden: User \"eddie\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");
        assertEquals(200, send(a, "DELETE", "/apis/apps/v1/namespaces/team-a/deployments/edited", EDIT_TOKEN, null, null).status());
    }

    @Test
    @Order(5)
    void privilegedPodsNeedClusterAdmin() {
        String pod = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"root-shell","namespace":"team-a"},
                 "spec":{"hostNetwork":true,"containers":[{"name":"c","image":"example/app:1","command":["sleep","3600"],
                   "securityContext":{"privileged":true}}]}}""";
        Http.Reply r = post(cluster.agent(1), "/api/v1/namespaces/team-a/pods", EDIT_TOKEN, pod);
        assertEquals(403, r.status(), r.body());
        String message = r.json().path("message").asText();
        assertTrue(message.startsWith("pods \"root-shell\" is forbidden: User \"eddie\" cannot set spec.hostNetwork=true,"
                + " spec.containers[0].securityContext.privileged=true"), message);
        List<String> fields = new ArrayList<>();
        r.json().path("details").path("causes").forEach(c -> fields.add(c.path("field").asText()));
        assertEquals(List.of("spec.hostNetwork", "spec.containers[0].securityContext.privileged"), fields);
        // the same through a Deployment's template, and through a patch that adds it
        String tpl = deployment("sneaky", "team-a", 1).replace("\"containers\":", "\"hostPID\":true,\"containers\":");
        r = post(cluster.agent(1), "/apis/apps/v1/namespaces/team-a/deployments", EDIT_TOKEN, tpl);
        assertEquals(403, r.status(), r.body());
        assertTrue(r.json().path("message").asText().contains("spec.template.spec.hostPID=true"), r.body());
        assertEquals(201, post(cluster.agent(1), "/apis/apps/v1/namespaces/team-a/deployments", EDIT_TOKEN,
                deployment("plain", "team-a", 0)).status());
        r = send(cluster.agent(2), "PATCH", "/apis/apps/v1/namespaces/team-a/deployments/plain", EDIT_TOKEN,
                "{\"spec\":{\"template\":{\"spec\":{\"hostNetwork\":true}}}}", "application/merge-patch+json");
        assertEquals(403, r.status(), r.body());
        // cluster-admin may
        assertEquals(201, post(cluster.agent(2), "/api/v1/namespaces/team-a/pods?dryRun=All", admin, pod).status());
        assertEquals(200, send(cluster.agent(2), "DELETE", "/apis/apps/v1/namespaces/team-a/deployments/plain", admin, null, null).status());
    }

    @Test
    @Order(6)
    void logsAndExecAreForwardedBetweenAgentsWithTheNodeCredential() throws Exception {
        assertEquals(201, post(cluster.agent(0), "/apis/apps/v1/namespaces/team-a/deployments", EDIT_TOKEN, """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"talker"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"talker"}},
                   "template":{"metadata":{"labels":{"app":"talker"}},
                     "spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"c","image":"example/app:1",
                       "command":["sh","-c","echo hello from $HOSTNAME; exec sleep 3600"],
                       "resources":{"requests":{"cpu":"100m","memory":"16Mi"}}}]}}}}""").status());
        Map<String, AgentProcess> hosts = Await.until(CONVERGE, "three running talker pods", () -> {
            Map<String, AgentProcess> byPod = new TreeMap<>();
            for (JsonNode p : get(cluster.agent(0), "/api/v1/namespaces/team-a/pods?labelSelector=app%3Dtalker", EDIT_TOKEN)
                    .json().path("items")) {
                if (!p.path("status").path("phase").asText().equals("Running")) continue;
                for (AgentProcess a : cluster.agents()) {
                    if (a.name().equals(p.path("spec").path("nodeName").asText())) byPod.put(p.path("metadata").path("name").asText(), a);
                }
            }
            return byPod.size() == 3 ? byPod : null;
        });
        int forwarded = 0;
        for (var e : hosts.entrySet()) {
            String pod = e.getKey();
            for (AgentProcess via : cluster.agents()) {
                if (via == e.getValue()) continue;
                forwarded++;
                String how = pod + " on " + e.getValue().name() + " via " + via.name();
                Http.Reply log = Await.until(CONVERGE, "the log of " + how, () -> {
                    Http.Reply r = get(via, "/api/v1/namespaces/team-a/pods/" + pod + "/log", EDIT_TOKEN);
                    return r.status() == 200 && r.body().contains("hello from") ? r : null;
                });
                assertTrue(log.body().startsWith("hello from"), how + ": " + log.body());
                assertEquals(200, get(via, "/api/v1/namespaces/team-a/pods/" + pod + "/log", VIEW_TOKEN).status(), how);

                Cli.Result exec = shoal(Map.of(), "--server", via.server(), "--token", EDIT_TOKEN, "-n", "team-a",
                        "exec", pod, "--", "sh", "-c", "echo exec ok; exit 3");
                assertEquals(3, exec.exit(), how + ": " + exec);
                assertEquals("exec ok\n", exec.out(), how + ": " + exec);
                Cli.Result denied = shoal(Map.of(), "--server", via.server(), "--token", VIEW_TOKEN, "-n", "team-a",
                        "exec", pod, "--", "true");
                assertEquals(1, denied.exit(), how + ": " + denied);
                assertTrue(denied.err().contains("pods \"" + pod + "\" is forbidden: User \"vera\" cannot create resource"
                        + " \"pods/exec\" in API group \"\" in the namespace \"team-a\""), how + ": " + denied);
            }
        }
        assertEquals(6, forwarded);
    }

    @Test
    @Order(7)
    void theCliTakesItsTokenFromTheFlagTheEnvironmentOrItsConfigAndFailsOver() throws Exception {
        String peers = "127.0.0.1:1," + cluster.agent(1).server();  // nothing listens on port 1: the first peer is down
        Cli.Result r = shoal(Map.of(), "--server", peers, "--token", admin, "get", "namespaces");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("team-a") && r.out().contains("team-b"), r.toString());

        r = shoal(Map.of("SHOAL_TOKEN", VIEW_TOKEN), "--server", peers, "get", "pods", "-n", "team-a");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("talker-"), r.toString());

        Path home = work.resolve("home");
        Files.createDirectories(home.resolve(".shoal"));
        Files.writeString(home.resolve(".shoal/config"), "server=" + peers + "\ntoken=" + EDIT_TOKEN + "\n");
        r = shoal(home, Map.of(), "get", "deploy", "-n", "team-a");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("talker"), r.toString());

        r = shoal(Map.of(), "--server", peers, "get", "pods");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("Unauthorized"), r.toString());
        r = shoal(Map.of(), "--server", peers, "--token", VIEW_TOKEN, "scale", "deployment", "talker", "-n", "team-a", "--replicas", "1");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("is forbidden: User \"vera\" cannot"), r.toString());
    }

    /**
     * The printed kubeconfig is what kubectl reads (a context per agent, the cluster CA as data, the
     * token), and kubectl talks https straight to any agent; with a wrong token it gets the 401. {@code shoal proxy} (plain HTTP on loopback, as kubectl proxy) still works in
     * front of the TLS agents.
     */
    @Test
    @Order(8)
    void kubectlWorksWithThePrintedKubeconfig() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Path viewConfig = kubeconfig(VIEW_TOKEN);
        Cli.Result k = kubectl(viewConfig, "config", "get-contexts", "-o", "name");
        assertEquals(List.of("shoal", "shoal-2", "shoal-3"), k.out().strip().lines().sorted().toList(), k.toString());
        k = kubectl(viewConfig, "config", "view", "--raw", "-o", "jsonpath={.users[0].user.token} {.clusters[1].cluster.server}");
        assertEquals(VIEW_TOKEN + " " + cluster.agent(1).baseUrl(), k.out().strip(), k.toString());
        for (String context : List.of("shoal", "shoal-2", "shoal-3")) {
            k = kubectl(viewConfig, "--context", context, "get", "deploy", "talker", "-n", "team-a", "-o", "jsonpath={.spec.replicas}");
            assertEquals(0, k.exit(), context + ": " + k);
            assertEquals("3", k.out().strip(), context);
        }
        k = kubectl(viewConfig, "get", "pods", "-n", "team-a", "-o", "name");
        assertEquals(3, k.out().strip().lines().count(), k.toString());
        k = kubectl(viewConfig, "create", "namespace", "nope");
        assertTrue(k.exit() != 0, k.toString());
        assertTrue(k.err().contains("namespaces is forbidden: User \"vera\" cannot create resource \"namespaces\""
                + " in API group \"\" at the cluster scope"), k.toString());
        // (with no credentials at all kubectl asks for a user name on stdin before it sends anything)
        k = kubectl(kubeconfig("not-a-token"), "get", "pods");
        assertTrue(k.exit() != 0 && k.err().contains("You must be logged in to the server"), k.toString());

        Path adminConfig = kubeconfig(admin);
        // apply, not create namespace: kubectl's typed create sends protobuf, which Shoal does not read
        Path manifest = Files.writeString(work.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: made-by-kubectl}\n");
        k = kubectl(adminConfig, "--context", "shoal-2", "apply", "-f", manifest.toString());
        assertEquals(0, k.exit(), k.toString());
        assertTrue(k.out().contains("namespace/made-by-kubectl created"), k.toString());

        Process adminProxy = proxy(admin, 17544);
        try {
            k = kubectl(adminConfig, "--server", "http://127.0.0.1:17544", "get", "nodes");
            assertEquals(0, k.exit(), k.toString());
            assertTrue(k.out().contains("auth-1") && k.out().contains("auth-3"), k.toString());
        } finally {
            adminProxy.destroyForcibly().waitFor();
        }
    }

    /** {@code shoal proxy} in its own JVM, as a user runs it, listening on 127.0.0.1:port once this returns. */
    private Process proxy(String token, int port) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.shoal.node.Main",
                "--server", "127.0.0.1:1," + cluster.agent(2).server() + "," + cluster.agent(0).server(), "--token", token,
                "--certificate-authority", ca.toString(), "proxy", "--port", Integer.toString(port));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "it-logs", "auth-proxy-" + port + ".log").toFile())
                .start();
        try {
            Await.until(CONVERGE, "shoal proxy on 127.0.0.1:" + port, () -> {
                if (!p.isAlive()) return Boolean.TRUE;  // reported below, with its log
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/namespaces"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 ? Boolean.TRUE : null;
                } catch (IOException e) {
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            if (!p.isAlive()) {
                throw new AssertionError("shoal proxy exited with " + p.exitValue() + ":\n"
                        + Files.readString(Path.of("target", "it-logs", "auth-proxy-" + port + ".log")));
            }
        } catch (RuntimeException | AssertionError e) {
            p.destroyForcibly();  // never outlives a failed test
            throw e;
        }
        return p;
    }

    private Path kubeconfig(String token) throws IOException {
        List<String> args = new ArrayList<>(List.of("--server", String.join(",", cluster.agents().stream().map(AgentProcess::server).toList())));
        if (token != null) args.addAll(List.of("--token", token));
        args.addAll(List.of("config", "view", "--kubeconfig"));
        Cli.Result r = shoal(Map.of(), args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        Path f = Files.createTempFile(work, "kubeconfig", ".yaml");
        Files.writeString(f, r.out());
        return f;
    }

    // --- helpers ---

    private static String namespace(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    }

    private static String deployment(String name, String namespace, int replicas) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                   "template":{"metadata":{"labels":{"app":"%s"}},
                     "spec":{"containers":[{"name":"c","image":"example/app:1","command":["sleep","3600"]}]}}}}"""
                .formatted(name, namespace, replicas, name, name);
    }

    private static void forbidden(Http.Reply r, String message) {
        assertEquals(403, r.status(), r.body());
        assertEquals("Forbidden", r.json().path("reason").asText(), r.body());
        assertEquals(message, r.json().path("message").asText());
    }

    private static Http.Reply get(AgentProcess a, String path, String token) {
        return send(a, "GET", path, token, null, null);
    }

    private static Http.Reply post(AgentProcess a, String path, String token, String json) {
        return send(a, "POST", path, token, json, "application/json");
    }

    private static Http.Reply send(AgentProcess a, String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(a.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (token != null) b.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Cli.Result shoal(Map<String, String> env, String... args) {
        return shoal(work.resolve("empty-home"), env, args);
    }

    /** The real CLI, in this JVM (its code, its HTTP client), with its own environment and home directory. */
    private static Cli.Result shoal(Path home, Map<String, String> env, String... args) {
        Map<String, String> withCa = new java.util.HashMap<>(env);
        withCa.putIfAbsent("SHOAL_CA", ca.toString());
        return Cli.runAsTyped(new CliEnvironment(withCa, home, new ByteArrayInputStream(new byte[0]),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), Clock.systemUTC()), args);
    }

    private static Cli.Result kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--request-timeout=30s"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Cli.Result(p.exitValue(), out.join(), err.join());
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
