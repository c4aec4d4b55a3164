package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.internal.FailureDetection;
import dev.shoal.membership.internal.HazelcastClusterMember;
import dev.shoal.membership.internal.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kubelet against a real single-member store and real processes. */
class PodManagerTest {
    private static final ObjectKey POD = new ObjectKey(ResourceType.POD, "default", "sleeper");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir Path dir;
    private HazelcastClusterMember member;
    private StateStore store;
    private PodManager kubelet;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        member = HazelcastClusterMember.start(new ClusterSettings("n1", "127.0.0.1", port, List.of(), "kubelet-" + UUID.randomUUID(),
                dir.resolve("store"), Map.of()), FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
        store = member.store();
        store.create(ResourceType.NAMESPACE, (ObjectNode) Json.JSON.readTree(
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}"));
    }

    @AfterEach
    void stop() {
        if (kubelet != null) kubelet.close();
        if (member != null) member.close();
    }

    private PodManager kubelet() throws Exception {
        // fast poll, short grace: the test waits on real time
        KubeletConfig config = new KubeletConfig(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(2));
        PodManager m = new PodManager(store, new ProcessRuntime(dir.resolve("agent"), "n1", Clock.systemUTC()),
                new HostPorts(InetAddress.getLoopbackAddress(), HostPorts.Range.DEFAULT), "n1", "127.0.0.1", config, Clock.systemUTC());
        m.start();
        return m;
    }

    private static ObjectNode pod() throws Exception {
        return (ObjectNode) Json.JSON.readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"sleeper","namespace":"default"},
                 "spec":{"nodeName":"n1","restartPolicy":"Always","terminationGracePeriodSeconds":2,
                   "containers":[{"name":"app","image":"none",
                     "command":["/bin/sh","-c","touch started; exec sleep 300"],
                     "ports":[{"name":"http","containerPort":8080}],
                     "readinessProbe":{"exec":{"command":["test","-f","started"]},"periodSeconds":1}}]}}
                """);
    }

    private JsonNode status() {
        return store.get(POD).orElseThrow().path("status");
    }

    private static String condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) if (c.path("type").asText().equals(type)) return c.path("status").asText();
        return "";
    }

    /** Deletes the pod and waits for its process to go, so no test leaves a process behind. */
    private void deleteAndAwaitStopped(ObjectKey key) {
        // the process may be up before the kubelet has written its status
        String id = Await.until(WAIT, "the container ID of " + key + " in its status", () -> {
            String written = store.get(key).orElseThrow().path("status").path("containerStatuses").path(0).path("containerID").asText();
            return written.isEmpty() ? null : written;
        });
        long pid = Long.parseLong(id.substring("process://".length()));
        store.delete(key, "");
        Await.until(WAIT, "the process of " + key + " stopped", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    private long pid() {
        String id = status().path("containerStatuses").path(0).path("containerID").asText();
        assertTrue(id.startsWith("process://"), id);
        return Long.parseLong(id.substring("process://".length()));
    }

    @Test
    void runsThePodRestartsItsCrashedContainerAndStopsItWhenDeleted() throws Exception {
        store.create(ResourceType.POD, pod());
        kubelet = kubelet();

        JsonNode running = Await.until(WAIT, "pod Running and Ready", () -> {
            JsonNode s = status();
            return s.path("phase").asText().equals("Running") && condition(s, "Ready").equals("True") ? s : null;
        });
        JsonNode cs = running.path("containerStatuses").path(0);
        assertEquals(0, cs.path("restartCount").asInt());
        assertTrue(cs.path("ready").asBoolean() && cs.path("started").asBoolean());
        assertEquals("127.0.0.1", running.path("podIP").asText());
        int hostPort = running.path("hostPorts").path(0).path("hostPort").asInt();
        assertTrue(hostPort >= 40000 && hostPort <= 49999, "published from the range: " + running.path("hostPorts"));
        long firstPid = pid();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();  // kill -9 behind the kubelet's back

        JsonNode restarted = Await.until(WAIT, "restartCount 1 and Ready again", () -> {
            JsonNode s = status();
            JsonNode c = s.path("containerStatuses").path(0);
            return c.path("restartCount").asInt() == 1 && condition(s, "Ready").equals("True") ? s : null;
        });
        JsonNode last = restarted.path("containerStatuses").path(0).path("lastState").path("terminated");
        assertEquals(137, last.path("exitCode").asInt(), "killed by SIGKILL: " + last);
        assertEquals("Error", last.path("reason").asText());
        long secondPid = pid();
        assertTrue(secondPid != firstPid);
        assertEquals(hostPort, restarted.path("hostPorts").path(0).path("hostPort").asInt(), "a restart keeps the port");

        store.delete(POD, "");

        Await.until(WAIT, "the process gone", () -> ProcessHandle.of(secondPid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void anIdlePodCostsNoWrites() throws Exception {
        store.create(ResourceType.POD, pod());
        kubelet = kubelet();
        Await.until(WAIT, "Ready", () -> condition(status(), "Ready").equals("True") ? true : null);
        String rv = store.get(POD).orElseThrow().path("metadata").path("resourceVersion").asText();
        // several poll and probe periods; nothing changes, so nothing may be written
        long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(rv, store.get(POD).orElseThrow().path("metadata").path("resourceVersion").asText());
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        deleteAndAwaitStopped(POD);
    }

    @Test
    void aRestartedAgentAdoptsTheRunningProcess() throws Exception {
        store.create(ResourceType.POD, pod());
        kubelet = kubelet();
        Await.until(WAIT, "Ready", () -> condition(status(), "Ready").equals("True") ? true : null);
        long pid = pid();

        kubelet.close();  // the agent stops; its containers do not
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        kubelet = kubelet();

        Await.until(WAIT, "Ready after adoption", () -> condition(status(), "Ready").equals("True") ? true : null);
        assertEquals(pid, pid(), "the same process, adopted");
        assertEquals(0, status().path("containerStatuses").path(0).path("restartCount").asInt());

        store.delete(POD, "");
        Await.until(WAIT, "the adopted process stopped", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aPodBoundElsewhereIsNotRun() throws Exception {
        ObjectNode other = pod();
        other.with("spec").put("nodeName", "n2");
        store.create(ResourceType.POD, other);
        kubelet = kubelet();
        // a pod of our own, as a marker that the kubelet has looked at everything
        ObjectNode mine = pod();
        mine.with("metadata").put("name", "mine");
        store.create(ResourceType.POD, mine);
        Await.until(WAIT, "our pod Running", () -> store.get(new ObjectKey(ResourceType.POD, "default", "mine")).orElseThrow()
                .path("status").path("phase").asText().equals("Running") ? true : null);
        assertFalse(status().has("phase"), "n2's pod gets no status from n1: " + status());
        deleteAndAwaitStopped(new ObjectKey(ResourceType.POD, "default", "mine"));
    }

    @Test
    void deletingAPodRunsItsPreStopHookBeforeSigterm() throws Exception {
        Path journal = dir.resolve("journal");
        ObjectNode pod = (ObjectNode) Json.JSON.readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"sleeper","namespace":"default"},
                 "spec":{"nodeName":"n1","terminationGracePeriodSeconds":10,
                   "containers":[{"name":"app","image":"none",
                     "command":["/bin/sh","-c","trap 'echo term >> %s; exit 0' TERM; echo up >> %s; while true; do sleep 0.1; done"],
                     "lifecycle":{"preStop":{"exec":{"command":["/bin/sh","-c","echo hook >> %s"]}}}}]}}
                """.formatted(journal, journal, journal));
        store.create(ResourceType.POD, pod);
        kubelet = kubelet();
        Await.until(WAIT, "the container up", () -> Files.exists(journal) ? true : null);

        deleteAndAwaitStopped(POD);

        assertEquals(List.of("up", "hook", "term"), Files.readAllLines(journal),
                "the hook ran, then SIGTERM, which the container handled well within the grace period");
    }
}
