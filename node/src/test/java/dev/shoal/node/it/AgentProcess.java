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
    /**
     * Put in an agent's extra args to start it with authentication on (the agent's default).
     * Without it the agent runs with {@code --insecure-dev}, so tests that are not about auth can
     * talk to it without credentials; this marker is not passed to the agent.
     */
    public static final String WITH_AUTH = "--with-auth(test)";

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
    /** With authentication on the API speaks TLS (the agent's default); in dev mode plain HTTP. */
    public boolean tls() { return extraArgs.contains(WITH_AUTH) && !extraArgs.contains("--insecure-dev"); }
    public String baseUrl() { return (tls() ? "https://" : "http://") + server(); }
    /** The cluster CA as this agent keeps it (written while it starts), when {@link #tls()}. */
    public Path caFile() { return dataDir.resolve("ca.crt"); }
    public Path dataDir() { return dataDir; }
    public long pid() { return process.pid(); }
    public boolean isAlive() { return process != null && process.isAlive(); }
    /** The exit status of an agent that has exited. */
    public int exitCode() { return process.exitValue(); }

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
        // host processes unless the test asks for Docker: the other tests' containers are `sleep`, not images
        if (!extraArgs.contains("--runtime")) cmd.addAll(List.of("--runtime", "process"));
        if (!extraArgs.contains(WITH_AUTH)) cmd.add("--insecure-dev");
        extraArgs.stream().filter(a -> !a.equals(WITH_AUTH)).forEach(cmd::add);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        process = pb.start();
        return this;
    }

    /** Until /readyz answers 200; over TLS, trusting the CA this agent wrote (registered with {@link Http#trust}). */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).sslContext(Http.registeredCas()).build();
        Await.until(timeout, name + " to answer /readyz", () -> {
            if (!process.isAlive()) throw new AssertionError(name + " exited with " + process.exitValue() + "; see target/it-logs/" + name + ".log");
            if (tls()) {
                if (!Files.isRegularFile(caFile())) return null;
                Http.trust(caFile());
            }
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

    /** SIGSTOP: the JVM freezes mid-flight, like a long GC pause or a hung VM; its sockets stay open. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause}. Callers resume in a {@code finally}, so a failed test never leaves a frozen JVM. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", sig, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + sig + " " + pid() + " failed");
        }
    }

    /**
     * The value of a counter or gauge on this agent's {@code /metrics} (Prometheus text), summed
     * over its label sets; 0 if the agent exposes no such series.
     */
    public double metric(String name) {
        double sum = 0;
        for (String line : Http.get(baseUrl() + "/metrics").body().split("\n")) {
            if (line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            if (space < 0) continue;
            String series = line.substring(0, space);
            if (series.equals(name) || series.startsWith(name + "{")) sum += Double.parseDouble(line.substring(space + 1));
        }
        return sum;
    }

    /** The last {@code lines} lines of this agent's log, for failure messages. */
    public String logTail(int lines) {
        Path log = Path.of("target", "it-logs", name + ".log");
        try {
            List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
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
