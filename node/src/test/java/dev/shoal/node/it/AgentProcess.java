package dev.shoal.node.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code shoal agent} JVM on its own loopback address, for multi-process tests.
 * Its output goes to {@code target/it-logs/NAME.log}.
 */
public final class AgentProcess implements AutoCloseable {
    private final String name;
    private final String address;
    private final int apiPort;
    private final int clusterPort;
    private final List<String> peers;
    private final Path dataDir;
    private final List<String> extraArgs;
    private Process process;

    public AgentProcess(String name, String address, int apiPort, int clusterPort, List<String> peers, Path dataDir,
                        List<String> extraArgs) {
        this.name = name;
        this.address = address;
        this.apiPort = apiPort;
        this.clusterPort = clusterPort;
        this.peers = List.copyOf(peers);
        this.dataDir = dataDir;
        this.extraArgs = List.copyOf(extraArgs);
    }

    public String name() { return name; }
    public String address() { return address; }
    public String server() { return address + ":" + apiPort; }
    public String baseUrl() { return "http://" + server(); }
    public long pid() { return process.pid(); }
    public boolean isAlive() { return process != null && process.isAlive(); }

    /** Launches the JVM; returns at once (see {@link #awaitReady}). */
    public AgentProcess start() throws IOException {
        Path logs = Path.of("target", "it-logs");
        Files.createDirectories(logs);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // the internal APIs Hazelcast asks for (the shaded jar's manifest grants the same)
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.shoal.node.Main", "agent",
                "--name", name, "--bind", address,
                "--api-port", Integer.toString(apiPort), "--cluster-port", Integer.toString(clusterPort),
                "--data-dir", dataDir.toString(),
                "--cluster-name", "it-" + ProcessHandle.current().pid()));
        if (!peers.isEmpty()) cmd.addAll(List.of("--join", String.join(",", peers)));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        process = pb.start();
        return this;
    }

    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Await.until(timeout, name + " to answer /readyz", () -> {
            if (!process.isAlive()) throw new AssertionError(name + " exited with " + process.exitValue() + "; see target/it-logs/" + name + ".log");
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? Boolean.TRUE : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** SIGKILL: the process gets no chance to say goodbye, like a machine losing power. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait for a clean exit. */
    public void stop(Duration timeout) throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
