package dev.shoal.node.kubelet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.shoal.node.docker.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real Docker engine and a locally built image; each test's containers carry a node name of their own. */
class DockerRuntimeTest {
    @TempDir Path dataDir;
    private final String node = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private DockerRuntime runtime;

    @BeforeAll
    static void image() throws IOException {
        TestImages.build();
    }

    private DockerRuntime runtime() throws IOException {
        if (runtime == null) runtime = DockerRuntime.connect(TestImages.DOCKER_HOST, dataDir, node, "127.0.0.1", Clock.systemUTC());
        return runtime;
    }

    @AfterEach
    void removeContainers() throws IOException {
        if (runtime != null) runtime.close();
        try (DockerClient docker = TestImages.client()) {
            for (Container c : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(DockerRuntime.LABEL_NODE, node)).exec()) {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
    }

    private RunningContainer run(List<String> command, List<String> args, List<ContainerSpec.Port> ports) throws IOException {
        return runtime().start(new ContainerSpec(UUID.randomUUID().toString(), "default", "web-1", "app", TestImages.HTTP,
                command, args, Map.of("GREETING", "hi there"), "", ports, "250m", "64Mi"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesHttpOnTheHostPortItWasGivenWithItsLimitsAndLabels() throws Exception {
        int port = freePort();
        RunningContainer c = run(List.of(), List.of(), List.of(new ContainerSpec.Port("http", 8080, port, "TCP")));
        assertInstanceOf(ContainerState.Running.class, runtime.inspect(c.id()).orElseThrow());

        HttpClient http = HttpClient.newHttpClient();
        String body = Await.until(Duration.ofSeconds(10), "the server to answer on 127.0.0.1:" + port, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        assertTrue(body.startsWith("hello from " + c.id().substring(0, 12)), body);

        try (DockerClient docker = TestImages.client()) {
            var inspected = docker.inspectContainerCmd(c.id()).exec();
            assertEquals(250_000_000L, inspected.getHostConfig().getNanoCPUs(), "cpu limit 250m");
            assertEquals(64L << 20, inspected.getHostConfig().getMemory(), "memory limit 64Mi");
            assertEquals(c.podUid(), inspected.getConfig().getLabels().get(DockerRuntime.LABEL_POD_UID));
            assertEquals(node, inspected.getConfig().getLabels().get(DockerRuntime.LABEL_NODE));
            assertTrue(List.of(inspected.getConfig().getEnv()).contains("GREETING=hi there"));
            String restart = inspected.getHostConfig().getRestartPolicy().getName();
            assertTrue(restart.isEmpty() || restart.equals("no"), "Shoal restarts, not Docker: " + restart);
        }
    }

    @Test
    void theSecurityContextSetsUserReadOnlyRootAndCapabilities() throws Exception {
        SecurityContext sc = new SecurityContext(java.util.Optional.of(1234L), java.util.Optional.of(567L), true, true, false,
                List.of("NET_BIND_SERVICE"), List.of("ALL"));
        RunningContainer c = runtime().start(new ContainerSpec(UUID.randomUUID().toString(), "default", "web-1", "app",
                TestImages.HTTP, List.of("sleep", "300"), List.of(), Map.of(), "", List.of(), "", "", sc));
        assertEquals(0, runtime.exec(c.id(), List.of("sh", "-c", "[ \"$(id -u):$(id -g)\" = 1234:567 ]"), Duration.ofSeconds(5)),
                "runs as runAsUser:runAsGroup");
        assertTrue(runtime.exec(c.id(), List.of("touch", "/new-file"), Duration.ofSeconds(5)) != 0, "the root filesystem is read-only");
        try (DockerClient docker = TestImages.client()) {
            var host = docker.inspectContainerCmd(c.id()).exec().getHostConfig();
            assertTrue(host.getReadonlyRootfs());
            assertEquals("[NET_BIND_SERVICE]", java.util.Arrays.toString(host.getCapAdd()));
            assertEquals("[ALL]", java.util.Arrays.toString(host.getCapDrop()));
            assertTrue(!Boolean.TRUE.equals(host.getPrivileged()));
        }
    }

    @Test
    void runAsNonRootRefusesAnImageThatRunsAsRoot() throws Exception {
        SecurityContext sc = new SecurityContext(java.util.Optional.empty(), java.util.Optional.empty(), true, false, false,
                List.of(), List.of());
        IOException e = assertThrows(IOException.class, () -> runtime().start(new ContainerSpec(UUID.randomUUID().toString(),
                "default", "web-1", "app", TestImages.HTTP, List.of("sleep", "300"), List.of(), Map.of(), "", List.of(), "", "", sc)));
        assertEquals("container has runAsNonRoot and image will run as root", e.getMessage());
    }

    @Test
    void commandReplacesTheEntrypointArgsTheCmdAndOutputGoesToTheLogFile() throws Exception {
        RunningContainer c = run(List.of("/bin/sh", "-c"), List.of("echo \"out $GREETING\"; echo err >&2; exit 3"), List.of());
        var exited = Await.until(Duration.ofSeconds(10), "the container to exit",
                () -> runtime.inspect(c.id()).filter(s -> s instanceof ContainerState.Exited).orElse(null));
        assertEquals(3, ((ContainerState.Exited) exited).exitCode());
        Path log = runtime.logFile(c.id());
        Await.until(Duration.ofSeconds(5), "both streams in " + log, () -> {
            try {
                String text = Files.readString(log);
                return text.contains("out hi there\n") && text.contains("err\n") ? text : null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    @Test
    void stopSendsSigtermAndKillsAfterTheGrace() throws Exception {
        RunningContainer polite = run(List.of(), List.of(), List.of());
        RunningContainer stubborn = run(List.of("/bin/sh", "-c"), List.of("trap '' TERM; while true; do sleep 1; done"), List.of());

        runtime.stop(polite.id(), Duration.ofSeconds(30));
        assertEquals(0, ((ContainerState.Exited) runtime.inspect(polite.id()).orElseThrow()).exitCode(),
                "the image's shell turns SIGTERM into exit 0, long before the grace period");

        long t0 = System.nanoTime();
        runtime.stop(stubborn.id(), Duration.ofSeconds(1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(137, ((ContainerState.Exited) runtime.inspect(stubborn.id()).orElseThrow()).exitCode(), "SIGKILLed");
        assertTrue(ms >= 900, "waited for the grace period first, took " + ms + " ms");
    }

    @Test
    void execRunsBesideTheContainerAndReportsItsExitCode() throws Exception {
        RunningContainer c = run(List.of(), List.of(), List.of());
        assertEquals(0, runtime.exec(c.id(), List.of("test", "-f", "/bin/httpd"), Duration.ofSeconds(5)));
        assertEquals(3, runtime.exec(c.id(), List.of("sh", "-c", "[ \"$GREETING\" = 'hi there' ] && exit 3"), Duration.ofSeconds(5)),
                "runs with the container's environment");
        assertThrows(java.util.concurrent.TimeoutException.class,
                () -> runtime.exec(c.id(), List.of("sleep", "30"), Duration.ofMillis(500)));
    }

    @Test
    void streamingExecKeepsStdoutAndStderrApartAndReturnsTheExitCode() throws Exception {
        RunningContainer c = run(List.of(), List.of(), List.of());
        RecordingSink sink = new RecordingSink();

        int code = runtime.exec(c.id(), List.of("sh", "-c", "echo \"out $GREETING\"; echo err >&2; exit 3"), null, sink);

        assertEquals(3, code);
        assertEquals("out hi there\n", sink.out(), "the container's environment");
        assertEquals("err\n", sink.err());
    }

    @Test
    void streamingExecFeedsStdinUntilItEndsAndMovesAMebibyteBothWays() throws Exception {
        RunningContainer c = run(List.of(), List.of(), List.of());
        byte[] input = new byte[1 << 20];
        new Random(7).nextBytes(input);
        RecordingSink sink = new RecordingSink();

        int code = runtime.exec(c.id(), List.of("cat"), new ByteArrayInputStream(input), sink);

        assertEquals(0, code, "cat ended: the connection was half-closed when stdin ran out");
        assertArrayEquals(input, sink.outBytes());
    }

    @Test
    void outputArrivesWhileTheCommandStillRuns() throws Exception {
        RunningContainer c = run(List.of(), List.of(), List.of());
        RecordingSink sink = new RecordingSink();
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        CompletableFuture<Integer> exec = CompletableFuture.supplyAsync(() -> {
            try {
                return runtime.exec(c.id(), List.of("sh", "-c", "echo first; read line; echo \"got $line\""), stdin, sink);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        Await.until(Duration.ofSeconds(10), "the first line before any input", () -> sink.out().equals("first\n"));
        typing.write("second\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();

        assertEquals(0, exec.get(10, TimeUnit.SECONDS));
        assertEquals("first\ngot second\n", sink.out());
        typing.close();
    }

    @Test
    void interruptingTheCallerEndsTheExec() throws Exception {
        RunningContainer c = run(List.of(), List.of(), List.of());
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            caller.complete(Thread.currentThread());
            try {
                runtime.exec(c.id(), List.of("sh", "-c", "echo started; sleep 30"), null, sink);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Await.until(Duration.ofSeconds(10), "the command to start", () -> sink.out().equals("started\n"));

        caller.get().interrupt();

        assertInstanceOf(InterruptedIOException.class, outcome.get(5, TimeUnit.SECONDS));
    }

    @Test
    void streamingExecIntoAnExitedContainerIsRefusedWithTheEnginesReason() throws Exception {
        RunningContainer c = run(List.of("/bin/sh", "-c"), List.of("exit 0"), List.of());
        Await.until(Duration.ofSeconds(10), "the container to exit",
                () -> runtime.inspect(c.id()).filter(s -> s instanceof ContainerState.Exited).orElse(null));
        IOException e = assertThrows(IOException.class, () -> runtime.exec(c.id(), List.of("true"), null, new RecordingSink()));
        assertTrue(e.getMessage().contains("is not running"), e.getMessage());
    }

    @Test
    void aNewAgentAdoptsRunningContainersAndRemovesExitedOnes() throws Exception {
        RunningContainer running = run(List.of(), List.of(), List.of());
        RunningContainer exited = run(List.of("/bin/sh", "-c"), List.of("exit 0"), List.of());
        Await.until(Duration.ofSeconds(10), "the second to exit",
                () -> runtime.inspect(exited.id()).filter(s -> s instanceof ContainerState.Exited).orElse(null));
        runtime.close();
        runtime = null;

        List<RunningContainer> owned = runtime().listOwned(node);

        assertEquals(List.of(running.id()), owned.stream().map(RunningContainer::id).toList());
        assertEquals(running.podUid(), owned.get(0).podUid());
        assertEquals(running.startedAt(), owned.get(0).startedAt());
        assertTrue(runtime.inspect(exited.id()).isEmpty(), "the exited container was removed");
        assertTrue(runtime.listOwned("some-other-node").isEmpty());
    }

    @Test
    void aMissingImageIsAnImagePullErrorNotAStartError() throws Exception {
        ImagePullException never = assertThrows(ImagePullException.class,
                () -> runtime().pullImage("shoal-test/absent:1", ImagePullPolicy.NEVER));
        assertEquals("ErrImageNeverPull", never.reason());
        // a registry on loopback where nothing listens: the pull fails fast and sends nothing off the machine
        ImagePullException pull = assertThrows(ImagePullException.class,
                () -> runtime.pullImage("127.0.0.1:9/absent:1", ImagePullPolicy.IF_NOT_PRESENT));
        assertEquals("ErrImagePull", pull.reason());
        assertTrue(pull.getMessage().contains("127.0.0.1:9"), pull.getMessage());
        runtime.pullImage(TestImages.HTTP, ImagePullPolicy.NEVER);  // present: nothing to do
    }

    @Test
    void aCommandThatIsNotInTheImageFailsToStartAndLeavesNothingBehind() throws Exception {
        IOException e = assertThrows(IOException.class, () -> run(List.of("/no/such/program"), List.of(), List.of()));
        assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
        try (DockerClient docker = TestImages.client()) {
            assertTrue(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerRuntime.LABEL_NODE, node))
                    .exec().isEmpty(), "the created container was removed");
        }
    }

    @Test
    void theEngineSaysAtOnceWhenAContainerDies() throws Exception {
        java.util.concurrent.BlockingQueue<String> exits = new java.util.concurrent.LinkedBlockingQueue<>();
        runtime().onExit(exits::add);
        RunningContainer c = run(List.of(), List.of(), List.of());
        try (DockerClient docker = TestImages.client()) {
            docker.killContainerCmd(c.id()).exec();
        }
        assertEquals(c.podUid(), exits.poll(10, java.util.concurrent.TimeUnit.SECONDS), "the die event names the pod");
    }
}
