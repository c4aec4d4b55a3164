package dev.shoal.node.kubelet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real processes, real signals. */
class ProcessRuntimeTest {
    @TempDir Path dataDir;
    private final List<ProcessHandle> started = new ArrayList<>();
    private ProcessRuntime runtime;

    @AfterEach
    void killLeftovers() {
        started.forEach(h -> { h.descendants().forEach(ProcessHandle::destroyForcibly); h.destroyForcibly(); });
    }

    private RunningContainer run(String script, Map<String, String> env, List<ContainerSpec.Port> ports) throws Exception {
        if (runtime == null) runtime = new ProcessRuntime(dataDir, "n1", Clock.systemUTC());
        RunningContainer c = runtime.start(new ContainerSpec(UUID.randomUUID().toString(), "default", "p", "app", "",
                List.of("/bin/sh", "-c", script), List.of(), env, "", ports, "", ""));
        ProcessHandle.of(Long.parseLong(c.id())).ifPresent(started::add);
        return c;
    }

    @Test
    void runsTheCommandCapturesItsOutputAndStopsItWithSigterm() throws Exception {
        RunningContainer c = run("echo hi; sleep 30", Map.of(), List.of());
        Await.until(Duration.ofSeconds(5), "output in the log",
                () -> Files.exists(runtime.logFile(c.id())) && readLog(c).contains("hi"));
        assertInstanceOf(ContainerState.Running.class, runtime.inspect(c.id()).orElseThrow());
        assertEquals(dataDir.resolve("pods").resolve(c.podUid()).resolve("app"), runtime.logFile(c.id()).getParent(),
                "each container has its own sandbox");

        runtime.stop(c.id(), Duration.ofSeconds(10));

        var exited = assertInstanceOf(ContainerState.Exited.class, runtime.inspect(c.id()).orElseThrow());
        assertEquals(128 + 15, exited.exitCode(), "killed by SIGTERM");
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
        RunningContainer c = run("trap '' TERM; echo ready; while true; do sleep 1; done", Map.of(), List.of());
        Await.until(Duration.ofSeconds(5), "the trap to be set", () -> readLog(c).contains("ready"));
        long t0 = System.nanoTime();

        runtime.stop(c.id(), Duration.ofMillis(700));

        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        var exited = assertInstanceOf(ContainerState.Exited.class, runtime.inspect(c.id()).orElseThrow());
        assertEquals(128 + 9, exited.exitCode(), "killed by SIGKILL");
        assertTrue(tookMs >= 700, "waited out the grace first, took " + tookMs + " ms");
    }

    @Test
    void reportsTheExitCode() throws Exception {
        RunningContainer c = run("exit 3", Map.of(), List.of());
        var exited = Await.until(Duration.ofSeconds(5), "exit", () -> runtime.inspect(c.id())
                .filter(s -> s instanceof ContainerState.Exited).orElse(null));
        assertEquals(3, ((ContainerState.Exited) exited).exitCode());
    }

    @Test
    void givesTheEnvAndThePublishedPorts() throws Exception {
        RunningContainer c = run("echo \"$GREETING $PORT $PORT_METRICS_HTTP\"; sleep 30", Map.of("GREETING", "hey"),
                List.of(new ContainerSpec.Port("web", 8080, 40123, "TCP"), new ContainerSpec.Port("metrics-http", 9090, 40124, "TCP")));
        Await.until(Duration.ofSeconds(5), "env echoed", () -> readLog(c).contains("hey 40123 40124"));
        runtime.stop(c.id(), Duration.ofSeconds(5));
    }

    @Test
    void aNewAgentAdoptsRunningProcessesAndSeesThemExit() throws Exception {
        RunningContainer c = run("sleep 30", Map.of(), List.of());
        ProcessRuntime next = new ProcessRuntime(dataDir, "n1", Clock.systemUTC());  // the agent restarted

        assertEquals(List.of(c.id()), next.listOwned("n1").stream().map(RunningContainer::id).toList());
        assertEquals(List.of(), next.listOwned("n2"), "another node's containers are not ours");
        assertInstanceOf(ContainerState.Running.class, next.inspect(c.id()).orElseThrow());
        assertEquals(0, next.exec(c.id(), List.of("/bin/sh", "-c", "test \"$PWD\" = \"$HOME\""), Duration.ofSeconds(5)),
                "exec runs in the container's working directory and environment");

        next.stop(c.id(), Duration.ofSeconds(5));

        var exited = assertInstanceOf(ContainerState.Exited.class, next.inspect(c.id()).orElseThrow());
        assertEquals(ContainerState.UNKNOWN_EXIT_CODE, exited.exitCode(), "not our child: its code is unknowable");
        assertEquals(List.of(), new ProcessRuntime(dataDir, "n1", Clock.systemUTC()).listOwned("n1"), "dead ones are not adopted");
    }

    @Test
    void removeForgetsTheContainerAndItsSandbox() throws Exception {
        RunningContainer c = run("exit 0", Map.of(), List.of());
        Path sandbox = runtime.logFile(c.id()).getParent();
        Await.until(Duration.ofSeconds(5), "exit", () -> runtime.inspect(c.id()).filter(s -> s instanceof ContainerState.Exited).orElse(null));
        runtime.remove(c.id());
        assertTrue(runtime.inspect(c.id()).isEmpty());
        assertFalse(Files.exists(sandbox));
    }

    @Test
    void streamingExecKeepsStdoutAndStderrApartAndReturnsTheExitCode() throws Exception {
        RunningContainer c = run("sleep 30", Map.of("GREETING", "hey"), List.of());
        RecordingSink sink = new RecordingSink();

        int code = runtime.exec(c.id(), List.of("/bin/sh", "-c", "echo \"out $GREETING\"; pwd; echo err >&2; exit 3"), null, sink);

        assertEquals(3, code);
        assertEquals("out hey\n" + dataDir.resolve("pods").resolve(c.podUid()).resolve("app").toRealPath() + "\n", sink.out(),
                "the container's environment and working directory");
        assertEquals("err\n", sink.err());
    }

    @Test
    void streamingExecFeedsStdinUntilItEndsAndMovesAMebibyteBothWays() throws Exception {
        RunningContainer c = run("sleep 30", Map.of(), List.of());
        byte[] input = new byte[1 << 20];
        new Random(7).nextBytes(input);
        RecordingSink sink = new RecordingSink();

        // cat writes while it reads: stdin and stdout must flow at once, or both pipes fill and it deadlocks
        int code = runtime.exec(c.id(), List.of("cat"), new ByteArrayInputStream(input), sink);

        assertEquals(0, code, "cat ended: it read end-of-file when stdin ran out");
        assertArrayEquals(input, sink.outBytes());
    }

    @Test
    void outputArrivesWhileTheCommandStillRuns() throws Exception {
        RunningContainer c = run("sleep 30", Map.of(), List.of());
        RecordingSink sink = new RecordingSink();
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        CompletableFuture<Integer> exec = CompletableFuture.supplyAsync(() -> execQuietly(c,
                List.of("/bin/sh", "-c", "echo first; read line; echo \"got $line\""), stdin, sink));

        Await.until(Duration.ofSeconds(5), "the first line before any input", () -> sink.out().equals("first\n"));
        typing.write("second\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();

        assertEquals(0, exec.get(5, TimeUnit.SECONDS));
        assertEquals("first\ngot second\n", sink.out());
        typing.close();
    }

    @Test
    void interruptingTheCallerKillsTheCommand() throws Exception {
        RunningContainer c = run("sleep 30", Map.of(), List.of());
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            caller.complete(Thread.currentThread());
            try {
                runtime.exec(c.id(), List.of("/bin/sh", "-c", "echo $$; exec sleep 30"), null, sink);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        long pid = Await.until(Duration.ofSeconds(5), "the command's pid", () -> sink.out().endsWith("\n")
                ? Long.parseLong(sink.out().strip()) : null);

        caller.get().interrupt();

        assertInstanceOf(InterruptedIOException.class, outcome.get(5, TimeUnit.SECONDS));
        Await.until(Duration.ofSeconds(5), "the command to be killed", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aSinkThatFailsEndsTheCommand() throws Exception {
        RunningContainer c = run("sleep 30", Map.of(), List.of());
        IOException e = assertThrows(IOException.class, () -> runtime.exec(c.id(),
                List.of("/bin/sh", "-c", "while true; do echo y; done"), null, new RecordingSink(64 * 1024)));
        assertEquals("the reader went away", e.getMessage());
    }

    @Test
    void streamingExecIntoAStoppedContainerIsRefused() throws Exception {
        RunningContainer c = run("exit 0", Map.of(), List.of());
        Await.until(Duration.ofSeconds(5), "exit", () -> runtime.inspect(c.id()).filter(s -> s instanceof ContainerState.Exited).orElse(null));
        IOException e = assertThrows(IOException.class, () -> runtime.exec(c.id(), List.of("true"), null, new RecordingSink()));
        assertTrue(e.getMessage().contains("is not running"), e.getMessage());
    }

    private int execQuietly(RunningContainer c, List<String> command, java.io.InputStream stdin, ExecSink sink) {
        try {
            return runtime.exec(c.id(), command, stdin, sink);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String readLog(RunningContainer c) {
        try {
            return Files.readString(runtime.logFile(c.id()));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void theRuntimeSaysAtOnceWhenAProcessExits() throws Exception {
        java.util.concurrent.BlockingQueue<String> exits = new java.util.concurrent.LinkedBlockingQueue<>();
        runtime = new ProcessRuntime(dataDir, "n1", Clock.systemUTC());
        runtime.onExit(exits::add);
        RunningContainer c = run("exit 0", Map.of(), List.of());
        assertEquals(c.podUid(), exits.poll(10, java.util.concurrent.TimeUnit.SECONDS));
    }
}
