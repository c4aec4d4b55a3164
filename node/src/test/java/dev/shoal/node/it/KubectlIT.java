package dev.shoal.node.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stock kubectl, default flags, driving Shoal through a kubeconfig: apply (create, then update),
 * get in every output format, describe, scale, delete; against two different agents of one cluster.
 * Skipped only when no kubectl binary is on the PATH (CI installs one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlIT {
    private TestCluster cluster;
    private Path kubeconfig;
    private Path manifest;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl is not installed; skipping the kubectl compatibility test");
        cluster = TestCluster.create("KubectlIT", 2, 16543, 15851, List.of()).start();
        Path dir = Files.createTempDirectory("shoal-kubectl");
        kubeconfig = Kubectl.kubeconfig(dir, cluster.agent(0).baseUrl());
        manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, webManifest(3, "example/web:1"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    private static String webManifest(int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: %s
                        command: ["sleep", "3600"]
                        ports:
                        - containerPort: 8080
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  selector: {app: web}
                  ports:
                  - port: 80
                    targetPort: 8080
                """.formatted(replicas, image);
    }

    @Test
    void kubectlDrivesShoal() throws Exception {
        String out = kubectl(0, "apply", "-f", manifest.toString());
        assertTrue(out.contains("deployment.apps/web created"), out);
        assertTrue(out.contains("service/web created"), out);

        Files.writeString(manifest, webManifest(4, "example/web:2"));
        out = kubectl(0, "apply", "-f", manifest.toString());
        assertTrue(out.contains("deployment.apps/web configured"), out);
        assertEquals("4 example/web:2", kubectl(0, "--server", cluster.agent(1).baseUrl(), "get", "deploy", "web",
                "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"));

        out = kubectl(0, "get", "deployments", "-o", "wide");
        assertTrue(out.contains("NAME") && out.contains("READY") && out.contains("web") && out.contains("example/web:2"), out);
        assertTrue(kubectl(0, "get", "deploy", "web", "-o", "yaml").contains("name: web"));
        assertTrue(kubectl(0, "get", "svc", "-o", "json").contains("\"kind\": \"List\""));
        assertTrue(kubectl(0, "get", "nodes").contains("Ready"));

        out = kubectl(0, "describe", "deployment", "web");
        assertTrue(out.contains("Name:") && out.contains("web") && out.contains("RollingUpdate"), out);

        out = kubectl(0, "--server", cluster.agent(1).baseUrl(), "scale", "deployment", "web", "--replicas=7");
        assertTrue(out.contains("scaled"), out);
        assertEquals("7", kubectl(0, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"));

        out = kubectl(0, "delete", "-f", manifest.toString());
        assertTrue(out.contains("\"web\" deleted"), out);
        Http.Reply gone = Http.get(cluster.agent(1).baseUrl() + "/apis/apps/v1/namespaces/default/deployments/web");
        assertEquals(404, gone.status());

        // A refusal comes back as kubectl's usual one-line error and a non-zero exit.
        Path bad = manifest.resolveSibling("bad.yaml");
        Files.writeString(bad, webManifest(-1, "x:1"));
        Result r = run(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "apply", "-f", bad.toString()));
        assertTrue(r.code != 0, r.output);
        assertTrue(r.output.contains("spec.replicas"), r.output);
    }

    private String kubectl(int expectedExit, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--request-timeout=30s"));
        cmd.addAll(List.of(args));
        Result r = run(cmd);
        assertEquals(expectedExit, r.code, String.join(" ", cmd) + "\n" + r.output);
        return r.output.trim();
    }

    private record Result(int code, String output) {}

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // kubectl's own --request-timeout bounds each call; the output is read to EOF before waiting.
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), output);
    }

}
