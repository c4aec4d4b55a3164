package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.shoal.node.docker.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker containers reach Services (issue 5, item 1): three Docker agents whose cluster IP range
 * is not loopback (a container's 127/8 is its own) but made local to the machine by the agents
 * (one route in the kernel's local table), so a container's traffic to a cluster IP goes to its
 * default gateway, the host, and is delivered to the node's proxy there. The client is a
 * container of another Deployment; it fetches the Service by short name, by fully qualified
 * name (both through the cluster DNS on the range's tenth address) and through the
 * {@code WEB_SERVICE_HOST}/{@code WEB_SERVICE_PORT} variables, and writes what answered to its
 * log, which the test reads through the API.
 *
 * <p>The range is 198.18.0.0/24 (RFC 2544's benchmarking block). Before any traffic the test
 * checks that the kernel delivers it locally, so nothing can leave the machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceDnsIT {
    static final String RANGE = "198.18.0.0/24";
    static final String DNS = "198.18.0.10";
    static final Set<String> NODES = Set.of("sd-1", "sd-2", "sd-3");
    static final Duration DEADLINE = Duration.ofSeconds(90);
    static final Pattern ANSWER = Pattern.compile("^(byname|byfqdn|byenv) hello from ([0-9a-f]{12})$", Pattern.MULTILINE);

    private TestCluster cluster;
    private DockerClient docker;

    @BeforeAll
    void start() throws Exception {
        TestImages.build();
        docker = TestImages.client();
        removeContainers();
        cluster = TestCluster.create("ServiceDnsIT", "sd-", 17643, 16601, List.of(
                List.of("--runtime", "docker", "--cpu", "4000", "--memory-mib", "8192", "--service-cluster-ip-range", RANGE),
                List.of("--runtime", "docker", "--cpu", "4000", "--memory-mib", "8192", "--service-cluster-ip-range", RANGE),
                List.of("--runtime", "docker", "--cpu", "4000", "--memory-mib", "8192", "--service-cluster-ip-range", RANGE))).start();
        cluster.awaitNodesReady(3);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (docker != null) {
            removeContainers();
            docker.close();
        }
    }

    @Test
    void aContainerOfAnotherDeploymentReachesEveryReplicaByNameAndByEnvironment() throws Exception {
        assertDeliveredLocally("198.18.0.1");
        assertDeliveredLocally(DNS);
        AgentProcess via = cluster.agent(0);
        // The Service first: its variables are given to containers started after it, as in Kubernetes.
        Http.Reply svc = Http.post(via.baseUrl() + "/api/v1/namespaces/default/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":"http"}]}}""");
        assertEquals(201, svc.status(), svc.body());
        String vip = svc.json().path("spec").path("clusterIP").asText();
        assertTrue(vip.startsWith("198.18.0.") && !vip.equals(DNS), "a cluster IP from " + RANGE + ", not the DNS's: " + vip);

        assertEquals(201, Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments",
                DockerIT.deployment("web", 3, DockerIT.READINESS)).status());
        Set<String> replicas = Await.until(DEADLINE, "3 Ready web replicas on 3 nodes", () -> readyContainers(via, "web", 3));
        System.out.println("ServiceDnsIT: web replicas (container hostnames) " + replicas + ", cluster IP " + vip);

        // from the host too: the proxy serves the non-loopback cluster IP like a loopback one
        Set<String> fromHost = new HashSet<>();
        Await.until(DEADLINE, "the host reaching all replicas through " + vip, () -> {
            try {
                Matcher m = Pattern.compile("hello from ([0-9a-f]{12})").matcher(Http.get("http://" + vip + "/").body());
                if (m.find()) fromHost.add(m.group(1));
            } catch (RuntimeException notYet) {
                // the proxy may not listen yet
            }
            return fromHost.containsAll(replicas) ? Boolean.TRUE : null;
        });

        // Names go through glibc's resolver (getent: nsswitch, resolv.conf, search list, ndots);
        // HTTP through busybox's nc, since this static busybox's wget crashes in its service lookup.
        String script = String.join("\n",
                "get() { printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 \"$1\" \"$2\" | tail -n 1; }",
                "while true; do",
                "  echo \"byname $(get \"$(getent hosts web | cut -d' ' -f1)\" 80)\"",
                "  echo \"byfqdn $(get \"$(getent hosts web.default.svc.cluster.local | cut -d' ' -f1)\" 80)\"",
                "  echo \"byenv $(get \"$WEB_SERVICE_HOST\" \"$WEB_SERVICE_PORT\")\"",
                "  echo \"env $WEB_SERVICE_HOST:$WEB_SERVICE_PORT\"",
                "  sleep 0.2",
                "done");
        assertEquals(201, Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"client"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"client"}},
                   "template":{"metadata":{"labels":{"app":"client"}},
                     "spec":{"terminationGracePeriodSeconds":1,
                       "containers":[{"name":"client","image":"%s","imagePullPolicy":"Never",
                         "command":["/bin/sh","-c",%s],
                         "resources":{"requests":{"cpu":"100m","memory":"32Mi"}}}]}}}}"""
                .formatted(resolverImage(), dev.shoal.api.Json.JSON.writeValueAsString(script))).status());
        String clientPod = Await.until(DEADLINE, "the client pod running", () -> {
            for (JsonNode p : ControllerIT.pods(via, "client")) {
                if (p.path("status").path("phase").asText().equals("Running")) return p.path("metadata").path("name").asText();
            }
            return null;
        });

        Set<String> byName = new HashSet<>(), byFqdn = new HashSet<>(), byEnv = new HashSet<>();
        String[] lastLog = {""};
        try {
            Await.until(DEADLINE, "the client container reaching all 3 replicas by name, by FQDN and by env var", () -> {
                Http.Reply log = Http.get(cluster.agent(2).baseUrl() + "/api/v1/namespaces/default/pods/" + clientPod + "/log?tailLines=300");
                lastLog[0] = log.status() + " " + log.body();
                if (log.status() != 200) return null;
                Matcher m = ANSWER.matcher(log.body());
                while (m.find()) {
                    (m.group(1).equals("byname") ? byName : m.group(1).equals("byfqdn") ? byFqdn : byEnv).add(m.group(2));
                }
                return byName.containsAll(replicas) && byFqdn.containsAll(replicas) && byEnv.containsAll(replicas) ? Boolean.TRUE : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; by name " + byName + ", by FQDN " + byFqdn + ", by env " + byEnv
                    + "; client log tail:\n" + tail(lastLog[0], 12), e);
        }
        assertTrue(lastLog[0].contains("env " + vip + ":80"), "WEB_SERVICE_HOST:PORT is the cluster IP and port:\n" + tail(lastLog[0], 8));
        System.out.println("ServiceDnsIT: from container " + clientPod + ": by name " + byName + ", by FQDN " + byFqdn
                + ", by env " + byEnv);
    }

    /**
     * The test image plus glibc's {@code getent} and the shared libraries it needs, copied from this
     * machine: a real resolver (nsswitch, resolv.conf, search list) inside a container.
     */
    private String resolverImage() throws IOException {
        String tag = "shoal-test/resolver:1";
        java.nio.file.Path context = java.nio.file.Files.createTempDirectory("shoal-resolver");
        try {
            for (String lib : List.of("/usr/bin/getent", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2",
                    "/lib/x86_64-linux-gnu/libnss_dns.so.2", "/lib/x86_64-linux-gnu/libnss_files.so.2")) {
                java.nio.file.Path from = java.nio.file.Path.of(lib);
                java.nio.file.Files.copy(from, context.resolve(from.getFileName()));
            }
            java.nio.file.Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                    "FROM " + TestImages.HTTP,
                    "COPY getent /bin/getent",
                    "COPY libc.so.6 libnss_dns.so.2 libnss_files.so.2 /lib/x86_64-linux-gnu/",
                    "COPY ld-linux-x86-64.so.2 /lib64/ld-linux-x86-64.so.2", ""));
            docker.buildImageCmd(context.toFile()).withTags(Set.of(tag)).start().awaitImageId();
            return tag;
        } finally {
            try (var files = java.nio.file.Files.list(context)) {
                for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) java.nio.file.Files.delete(f);
            }
            java.nio.file.Files.delete(context);
        }
    }

    /** The kernel must deliver the address on this machine (table local), or the test sends nothing to it. */
    private static void assertDeliveredLocally(String address) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "route", "get", address).redirectErrorStream(true).start();
        String route = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        assertTrue(route.startsWith("local " + address), "the agents should have made " + RANGE + " local; ip route get says: " + route);
    }

    /** The Docker hostnames (container ID prefixes) of exactly {@code n} Ready pods of {@code app} on distinct nodes. */
    private static Set<String> readyContainers(AgentProcess via, String app, int n) {
        List<JsonNode> pods = ControllerIT.pods(via, app);
        Set<String> ids = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (JsonNode p : pods) {
            boolean ready = false;
            for (JsonNode c : p.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Ready")) ready = c.path("status").asText().equals("True");
            }
            String id = p.path("status").path("containerStatuses").path(0).path("containerID").asText("").replace("docker://", "");
            if (!ready || id.length() < 12) return null;
            ids.add(id.substring(0, 12));
            nodes.add(p.path("spec").path("nodeName").asText());
        }
        return ids.size() == n && pods.size() == n ? ids : null;
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }

    private void removeContainers() {
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of("dev.shoal.node")).exec()) {
            if (NODES.contains(c.getLabels().get("dev.shoal.node"))) docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }
}
