package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pods/NAME/log} on two real agents: each pod's log read through the agent that runs it
 * (a local file) and through the other one (forwarded over HTTP), tailLines, a follow through the
 * non-hosting agent, Kubernetes' errors, and stock {@code kubectl logs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodLogsIT {
    static final Duration CONVERGE = Duration.ofSeconds(45);
    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    private TestCluster cluster;

    @BeforeAll
    void start() throws Exception {
        // Equal nodes, so the two replicas spread one per node.
        cluster = TestCluster.create("PodLogsIT", 2, 17043, 16151, List.of("--cpu", "4000", "--memory-mib", "8192")).start();
        cluster.awaitNodesReady(2);
        assertEquals(201, Http.post(cluster.agent(0).baseUrl() + "/apis/apps/v1/namespaces/default/deployments", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"talker"},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"talker"}},
                         "template":{"metadata":{"labels":{"app":"talker"}},
                                     "spec":{"containers":[{"name":"c","image":"example/app:1",
                                       "command":["sh","-c","i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done"],
                                       "resources":{"requests":{"cpu":"100m","memory":"16Mi"}}}]}}}}""").status());
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    /** pod name -> the agent that runs it, once both pods are bound, one per node. */
    private Map<String, AgentProcess> podsByHost() {
        return Await.until(CONVERGE, "two talker pods bound to different nodes", () -> {
            Map<String, AgentProcess> byPod = new TreeMap<>();
            for (JsonNode p : Http.get(cluster.agent(0).baseUrl() + "/api/v1/namespaces/default/pods?labelSelector=app%3Dtalker")
                    .json().path("items")) {
                String node = p.path("spec").path("nodeName").asText("");
                for (AgentProcess a : cluster.agents()) if (a.name().equals(node)) byPod.put(p.path("metadata").path("name").asText(), a);
            }
            return byPod.size() == 2 && byPod.values().stream().distinct().count() == 2 ? byPod : null;
        });
    }

    private static String logUrl(AgentProcess via, String pod, String query) {
        return via.baseUrl() + "/api/v1/namespaces/default/pods/" + pod + "/log" + query;
    }

    private AgentProcess other(AgentProcess a) {
        return cluster.agents().stream().filter(x -> x != a).findFirst().orElseThrow();
    }

    @Test
    void everyAgentServesEveryPodsLog() {
        podsByHost().forEach((pod, host) -> {
            for (AgentProcess via : List.of(host, other(host))) {
                String how = pod + " via " + via.name() + (via == host ? " (local)" : " (forwarded)");
                Http.Reply r = Await.until(CONVERGE, "the log of " + how + " to show line 0", () -> {
                    Http.Reply reply = Http.get(logUrl(via, pod, ""));
                    return reply.status() == 200 && reply.body().startsWith("line 0\n") ? reply : null;
                });
                assertTrue(r.body().contains("line 1\n"), how + ": " + r.body());
                // tailLines=1: exactly the last line
                Http.Reply tail = Http.get(logUrl(via, pod, "?tailLines=1"));
                assertEquals(200, tail.status(), how + ": " + tail.body());
                assertTrue(tail.body().matches("line \\d+\n"), how + ": " + tail.body());
            }
        });
    }

    @Test
    void followThroughTheOtherAgentStreamsNewLines() throws Exception {
        Map.Entry<String, AgentProcess> first = podsByHost().entrySet().iterator().next();
        String pod = first.getKey();
        AgentProcess via = other(first.getValue());
        Await.until(CONVERGE, pod + " to have written something", () -> Http.get(logUrl(via, pod, "")).body().contains("line 0") ? true : null);

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(logUrl(via, pod, "?follow=true&tailLines=1")))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<java.io.InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        // Reading blocks, so a daemon thread reads and the test waits on the queue with a deadline.
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        Thread t = new Thread(() -> {
            try {
                for (String l; (l = reader.readLine()) != null; ) lines.add(l);
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        }, "follow-reader");
        t.setDaemon(true);
        t.start();
        try {
            String tailLine = lines.poll(10, TimeUnit.SECONDS);
            assertNotNull(tailLine, "the follow sent its tail line");
            String later = lines.poll(10, TimeUnit.SECONDS);
            assertNotNull(later, "a line written after the follow started arrived within 10 s");
            assertTrue(number(later) > number(tailLine), tailLine + " then " + later);
        } finally {
            reader.close();
        }
    }

    private static int number(String line) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), line);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void kubernetesErrors() {
        AgentProcess a = cluster.agent(0);
        Http.Reply missing = Http.get(logUrl(a, "no-such-pod", ""));
        assertEquals(404, missing.status());
        assertEquals("Status", missing.json().path("kind").asText());
        assertEquals("NotFound", missing.json().path("reason").asText());

        // Two containers and no ?container=: Kubernetes' 400, naming the choices.
        assertEquals(201, Http.post(a.baseUrl() + "/api/v1/namespaces/default/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"duo"},
                 "spec":{"containers":[{"name":"a","image":"example/app:1","command":["sleep","3600"]},
                                       {"name":"b","image":"example/app:1","command":["sleep","3600"]}]}}""").status());
        Http.Reply duo = Http.get(logUrl(a, "duo", ""));
        assertEquals(400, duo.status(), duo.body());
        assertEquals("a container name must be specified for pod duo, choose one of: [a b]", duo.json().path("message").asText());
        assertEquals("container", duo.json().path("details").path("causes").get(0).path("field").asText());

        String pod = podsByHost().keySet().iterator().next();
        Http.Reply bad = Http.get(logUrl(a, pod, "?tailLines=x"));
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("tailLines"), bad.body());
        assertEquals(400, Http.get(logUrl(a, pod, "?previous=true")).status());
        assertEquals(404, Http.get(a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/talker/log").status());

        boolean listed = false;
        for (JsonNode r : Http.get(a.baseUrl() + "/api/v1").json().path("resources")) {
            if (r.path("name").asText().equals("pods/log")) listed = r.path("verbs").toString().equals("[\"get\"]");
        }
        assertTrue(listed, "discovery lists pods/log with verbs [get]");
    }

    @Test
    void kubectlLogs() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Path dir = Files.createTempDirectory("shoal-kubectl-logs");
        Path kubeconfig = Kubectl.kubeconfig(dir, cluster.agent(0).baseUrl());
        for (Map.Entry<String, AgentProcess> e : podsByHost().entrySet()) {
            Await.until(CONVERGE, e.getKey() + "'s log to show line 0",
                    () -> Http.get(logUrl(e.getValue(), e.getKey(), "")).body().startsWith("line 0") ? true : null);
            List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--request-timeout=30s",
                    "--server", cluster.agent(1).baseUrl(), "logs", e.getKey(), "--tail=-1"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl finished");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.startsWith("line 0\n"), out);
        }
    }

}
