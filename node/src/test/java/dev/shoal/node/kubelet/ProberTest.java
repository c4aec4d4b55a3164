package dev.shoal.node.kubelet;

import com.sun.net.httpserver.HttpServer;
import dev.shoal.node.cli.HelloCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probes against a real hello server, a closed port, and real exec'd commands. */
class ProberTest {
    private HttpServer hello;
    private int closedPort;

    @BeforeEach
    void start() throws Exception {
        hello = HelloCommand.serve("127.0.0.1", 0, "hello from test\n");
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        hello.stop(0);
    }

    private static Probe probe(Probe.Action action) {
        return new Probe(action, 0, 10, 1, 1, 3);
    }

    /** The container publishes containerPort 8080 (named "http") on the hello server's port. */
    private Prober.Target target() {
        return new Prober.Target("none", "127.0.0.1",
                List.of(new ContainerSpec.Port("http", 8080, hello.getAddress().getPort(), "TCP"),
                        new ContainerSpec.Port("dead", 9090, closedPort, "TCP")));
    }

    @Test
    void httpGetSucceedsOn2xxByNameOrNumberAndFailsOtherwise() {
        Prober prober = new Prober(null);
        assertTrue(prober.probe(probe(new Probe.HttpGet("HTTP", "", "http", "/healthz", Map.of())), target()).success());
        assertTrue(prober.probe(probe(new Probe.HttpGet("HTTP", "", "8080", "/", Map.of())), target()).success());
        Prober.Result notFound = prober.probe(probe(new Probe.HttpGet("HTTP", "", "http", "/nope", Map.of())), target());
        assertFalse(notFound.success());
        assertTrue(notFound.message().contains("404"), notFound.message());
        assertFalse(prober.probe(probe(new Probe.HttpGet("HTTP", "", "dead", "/", Map.of())), target()).success());
        assertFalse(prober.probe(probe(new Probe.HttpGet("HTTP", "", "nosuchname", "/", Map.of())), target()).success());
    }

    @Test
    void tcpSocketSucceedsWhenSomethingListens() {
        Prober prober = new Prober(null);
        assertTrue(prober.probe(probe(new Probe.TcpSocket("", "http")), target()).success());
        assertFalse(prober.probe(probe(new Probe.TcpSocket("", "dead")), target()).success());
    }

    @Test
    void execRunsInTheContainersEnvironmentAndTimesOut(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ProcessRuntime runtime = new ProcessRuntime(dir, "n1", Clock.systemUTC());
        RunningContainer c = runtime.start(new ContainerSpec("uid-1", "default", "p", "app", "",
                List.of("/bin/sh", "-c", "sleep 30"), List.of(), Map.of("FLAVOUR", "mint"), "", List.of(), "", ""));
        try {
            Prober prober = new Prober(runtime);
            var target = new Prober.Target(c.id(), "127.0.0.1", List.of());
            assertTrue(prober.probe(probe(new Probe.Exec(List.of("/bin/sh", "-c", "test \"$FLAVOUR\" = mint"))), target).success());
            assertFalse(prober.probe(probe(new Probe.Exec(List.of("/bin/sh", "-c", "exit 1"))), target).success());
            Prober.Result slow = prober.probe(probe(new Probe.Exec(List.of("/bin/sh", "-c", "sleep 5"))), target);
            assertFalse(slow.success(), "timeoutSeconds 1");
        } finally {
            runtime.stop(c.id(), Duration.ofSeconds(1));
        }
    }

    @Test
    void probeStateNeedsThresholdsInARow() {
        Probe p = new Probe(new Probe.TcpSocket("", "1"), 0, 10, 1, 2, 3);
        ProbeState s = ProbeState.initial(false).next(true, p);
        assertFalse(s.passing(), "one success of two");
        s = s.next(true, p);
        assertTrue(s.passing());
        s = s.next(false, p).next(false, p);
        assertTrue(s.passing(), "two failures of three");
        s = s.next(false, p);
        assertFalse(s.passing());
        assertTrue(s.failedOut(p));
    }

    @Test
    void probeDefaultsAreKubernetes() throws Exception {
        var node = dev.shoal.api.Json.JSON.readTree("{\"httpGet\":{\"port\":\"http\"}}");
        Probe p = Probe.parse(node).orElseThrow();
        assertEquals(new Probe(new Probe.HttpGet("HTTP", "", "http", "/", Map.of()), 0, 10, 1, 1, 3), p);
    }
}
