package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.shoal.node.docker.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code exec} on real agents: two on Docker running a pod of the locally built busybox image, one
 * on the process runtime running the hello server. {@code shoal exec} and stock {@code kubectl exec}
 * run commands in each pod through the agent that runs it and through another one (which relays):
 * stdout and stderr arrive apart, the exit code comes through, stdin reaches the command and ends,
 * and bad requests are refused before the upgrade, naming the parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Names of our own: containers carry their node's name, and DockerIT cleans up after node-1..3. */
    static final Set<String> DOCKER_NODES = Set.of("exec-1", "exec-2");
    static final String SCRIPT = "echo out; echo err >&2; exit 3";
    private TestCluster cluster;
    private DockerClient docker;
    private Path kubeconfig;

    @BeforeAll
    void start() throws Exception {
        TestImages.build();
        docker = TestImages.client();
        removeContainers();  // an earlier run's, if it was killed before cleaning up
        List<String> onDocker = List.of("--runtime", "docker", "--label", "runtime=docker", "--cpu", "4000", "--memory-mib", "8192");
        List<String> onProcesses = List.of("--label", "runtime=process", "--cpu", "4000", "--memory-mib", "8192");
        cluster = TestCluster.create("ExecIT", "exec-", 17243, 16251, List.of(onDocker, onDocker, onProcesses)).start();
        cluster.awaitNodesReady(3);
        create(cluster.agent(0), """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"box"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"box"}},
                   "template":{"metadata":{"labels":{"app":"box"}},
                     "spec":{"terminationGracePeriodSeconds":2,"nodeSelector":{"runtime":"docker"},
                       "containers":[{"name":"box","image":"%s","imagePullPolicy":"Never",
                         "resources":{"requests":{"cpu":"100m","memory":"32Mi"}}}]}}}}""".formatted(TestImages.HTTP));
        create(cluster.agent(0), """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"hello"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"hello"}},
                   "template":{"metadata":{"labels":{"app":"hello"}},
                     "spec":{"terminationGracePeriodSeconds":2,"nodeSelector":{"runtime":"process"},
                       "containers":[{"name":"hello","image":"shoal/hello:1","ports":[{"containerPort":8080}],
                         "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}""");
        kubeconfig = Kubectl.kubeconfig(Files.createTempDirectory("shoal-kubectl-exec"), cluster.agent(0).baseUrl());
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (docker != null) {
            removeContainers();  // agents leave containers running for their successors; there are none
            docker.close();
        }
    }

    /** The one running pod of {@code app}, once its container runs. */
    private JsonNode running(String app) {
        return Await.until(DEADLINE, "a running pod of " + app, () -> {
            List<JsonNode> pods = ControllerIT.pods(cluster.agent(0), app);
            if (pods.size() != 1) return null;
            JsonNode p = pods.get(0);
            return p.path("status").path("containerStatuses").path(0).path("state").has("running") ? p : null;
        });
    }

    private AgentProcess host(JsonNode pod) {
        String node = pod.path("spec").path("nodeName").asText();
        return cluster.agents().stream().filter(a -> a.name().equals(node)).findFirst().orElseThrow();
    }

    /** The agent that runs the pod, then one that does not (and relays). */
    private List<AgentProcess> hostThenOther(JsonNode pod) {
        AgentProcess host = host(pod);
        AgentProcess other = cluster.agents().stream().filter(a -> a != host).findFirst().orElseThrow();
        return List.of(host, other);
    }

    private JsonNode box() {
        return running("box");
    }

    private JsonNode hello() {
        return running("hello");
    }

    private static String name(JsonNode pod) {
        return pod.path("metadata").path("name").asText();
    }

    @Test
    void shoalExecKeepsStdoutAndStderrApartAndExitsWithTheCommandsCodeFromEveryAgent() throws Exception {
        JsonNode pod = box();
        for (AgentProcess via : hostThenOther(pod)) {
            Run r = shoal(via, null, "exec", name(pod), "--", "sh", "-c", SCRIPT);
            r.print("shoal --server " + via.server() + " exec " + name(pod) + " -- sh -c '" + SCRIPT + "'", via == host(pod));
            assertEquals(new Run(3, "out\n", "err\n"), r, "via " + via.name());
        }
    }

    @Test
    void shoalExecDashIFeedsStdinUntilItEnds() throws Exception {
        JsonNode pod = box();
        for (AgentProcess via : hostThenOther(pod)) {
            Run r = shoal(via, "hello\nworld\n", "exec", "-i", name(pod), "--", "cat");
            r.print("printf 'hello\\nworld\\n' | shoal --server " + via.server() + " exec -i " + name(pod) + " -- cat", via == host(pod));
            assertEquals(new Run(0, "hello\nworld\n", ""), r, "via " + via.name());
        }
    }

    @Test
    void kubectlExec() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl is not installed");
        JsonNode pod = box();
        for (AgentProcess via : hostThenOther(pod)) {
            Run r = kubectl(via, null, "exec", name(pod), "--", "sh", "-c", SCRIPT);
            r.print("kubectl --server " + via.baseUrl() + " exec " + name(pod) + " -- sh -c '" + SCRIPT + "'", via == host(pod));
            assertEquals(3, r.exit(), r.toString());
            assertEquals("out\n", r.out(), r.toString());
            assertTrue(r.err().startsWith("err\n") && r.err().contains("command terminated with exit code 3"), r.toString());

            Run cat = kubectl(via, "hello\nworld\n", "exec", "-i", name(pod), "--", "cat");
            cat.print("printf 'hello\\nworld\\n' | kubectl --server " + via.baseUrl() + " exec -i " + name(pod) + " -- cat", via == host(pod));
            assertEquals(new Run(0, "hello\nworld\n", ""), cat);

            Run ls = kubectl(via, null, "exec", name(pod), "--", "ls", "/");
            ls.print("kubectl --server " + via.baseUrl() + " exec " + name(pod) + " -- ls /", via == host(pod));
            assertEquals(0, ls.exit(), ls.toString());
            assertTrue(ls.out().contains("bin\n") && ls.out().contains("www\n"), ls.toString());
        }
    }

    @Test
    void badRequestsAreRefusedBeforeTheUpgradeNamingTheField() throws Exception {
        JsonNode pod = box();
        String p = name(pod);
        for (AgentProcess via : hostThenOther(pod)) {
            String base = via.baseUrl() + "/api/v1/namespaces/default/pods/";
            refused(Http.get(base + p + "/exec?stdout=true"), 400, "command");
            refused(Http.get(base + p + "/exec?command=true&stdout=true&container=nope"), 400, "container");
            refused(Http.get(base + p + "/exec?command=true&stdout=true&tty=true"), 400, "tty");
            refused(Http.get(base + "nope/exec?command=true&stdout=true"), 404, "");

            Run shoal = shoal(via, null, "exec", p, "-c", "nope", "--", "true");
            shoal.print("shoal --server " + via.server() + " exec " + p + " -c nope -- true", via == host(pod));
            assertEquals(new Run(1, "", "error: container nope is not valid for pod " + p + "\n"), shoal);
            if (Kubectl.installed()) {
                Run kubectl = kubectl(via, null, "exec", p, "-c", "nope", "--", "true");
                kubectl.print("kubectl --server " + via.baseUrl() + " exec " + p + " -c nope -- true", via == host(pod));
                assertEquals(1, kubectl.exit(), kubectl.toString());
                assertTrue(kubectl.err().contains("container nope is not valid for pod " + p), kubectl.toString());
            }
        }
        boolean listed = false;
        for (JsonNode r : Http.get(cluster.agent(0).baseUrl() + "/api/v1").json().path("resources")) {
            if (r.path("name").asText().equals("pods/exec")) listed = r.path("verbs").toString().equals("[\"create\",\"get\"]");
        }
        assertTrue(listed, "discovery lists pods/exec with verbs [create, get]");
    }

    @Test
    void execOnTheProcessRuntimeRunsBesideTheHelloServerWithItsEnvironment() throws Exception {
        JsonNode pod = hello();
        int port = pod.path("status").path("hostPorts").path(0).path("hostPort").asInt();
        assertTrue(port > 0, pod.path("status").toString());
        for (AgentProcess via : hostThenOther(pod)) {
            Run r = shoal(via, null, "exec", name(pod), "--", "sh", "-c", "echo \"port $PORT\"; exit 7");
            r.print("shoal --server " + via.server() + " exec " + name(pod) + " -- sh -c 'echo \"port $PORT\"; exit 7'", via == host(pod));
            assertEquals(new Run(7, "port " + port + "\n", ""), r, "via " + via.name());
        }
        if (Kubectl.installed()) {
            Run r = kubectl(hostThenOther(pod).get(1), "hi\n", "exec", "-i", name(pod), "--", "cat");
            assertEquals(new Run(0, "hi\n", ""), r);
        }
    }

    // ---- helpers

    private static void refused(Http.Reply r, int code, String field) {
        assertEquals(code, r.status(), r.body());
        assertEquals("Status", r.json().path("kind").asText(), r.body());
        if (!field.isEmpty()) assertEquals(field, r.json().path("details").path("causes").path(0).path("field").asText(), r.body());
    }

    private static void create(AgentProcess via, String deployment) {
        Http.Reply r = Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", deployment);
        assertEquals(201, r.status(), r.body());
    }

    private void removeContainers() {
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of("dev.shoal.node")).exec()) {
            if (DOCKER_NODES.contains(c.getLabels().get("dev.shoal.node"))) docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    /** One finished command line: its exit code and what it wrote to stdout and stderr. */
    record Run(int exit, String out, String err) {
        void print(String commandLine, boolean local) {
            System.out.println("ExecIT (" + (local ? "the pod's node" : "relayed") + "): $ " + commandLine + "\n"
                    + indent("stdout", out) + indent("stderr", err) + "  exit " + exit);
        }

        private static String indent(String name, String text) {
            return text.isEmpty() ? "" : "  " + name + ": " + text.replace("\n", "\n          ").stripTrailing() + "\n";
        }
    }

    /** The real CLI, in its own JVM, as a user runs it. */
    private static Run shoal(AgentProcess via, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.shoal.node.Main",
                "--server", via.server()));
        cmd.addAll(List.of(args));
        return run(cmd, stdin);
    }

    private Run kubectl(AgentProcess via, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--request-timeout=30s",
                "--server", via.baseUrl()));
        cmd.addAll(List.of(args));
        return run(cmd, stdin);
    }

    private static Run run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
