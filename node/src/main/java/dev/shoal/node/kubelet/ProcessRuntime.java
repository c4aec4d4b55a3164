package dev.shoal.node.kubelet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Runs each container as a host process, like Nomad's raw_exec: no isolation, no image. The
 * image is ignored except {@code shoal/hello*}, which runs this very program's {@code hello}
 * server, so a demo works on a machine without Docker.
 *
 * <p>Each container gets a sandbox directory {@code <dataDir>/pods/<podUid>/<container>/}: its
 * working directory, its log ({@value #LOG_FILE}, stdout and stderr, appended across restarts) and a
 * state file ({@value #STATE}) naming the process. The state file is how a restarted agent finds
 * its containers again: the pid plus the process's start time in /proc (a pid alone may have been
 * reused by an unrelated process since).
 *
 * <p>Container IDs are pids. A process started here is our child, so its exit code is known; an
 * adopted one is not, and reports {@link ContainerState#UNKNOWN_EXIT_CODE}.
 */
public final class ProcessRuntime implements ContainerRuntime {
    private static final Logger LOG = Logger.getLogger(ProcessRuntime.class.getName());
    static final String LOG_FILE = "output.log";
    static final String STATE = "container.properties";
    /** How long to wait for a SIGKILLed process to be reaped before giving up on it. */
    private static final Duration REAP = Duration.ofSeconds(5);
    /** Processes get no agent environment but a PATH, so commands resolve as in a shell. */
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String HELLO_IMAGE = "shoal/hello";

    private final Path podsDir;
    private final String nodeName;
    private final Clock clock;
    private final Map<String, Tracked> containers = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<String> exitListener;

    /** One process this runtime knows; {@code child} is null for an adopted one. */
    private record Tracked(RunningContainer container, ProcessHandle handle, long startTicks,
                           Process child, Path sandbox, Instant[] finishedAt) {}

    public ProcessRuntime(Path dataDir, String nodeName, Clock clock) {
        this.podsDir = dataDir.resolve("pods");
        this.nodeName = nodeName;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public RunningContainer start(ContainerSpec spec) throws IOException {
        Path sandbox = sandbox(spec.podUid(), spec.containerName());
        Files.createDirectories(sandbox);
        ProcessBuilder pb = new ProcessBuilder(commandLine(spec))
                .directory(workingDir(spec, sandbox).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve(LOG_FILE).toFile()));
        pb.environment().clear();
        pb.environment().putAll(environment(spec, sandbox));
        Process process = pb.start();
        long pid = process.pid();
        RunningContainer running = new RunningContainer(Long.toString(pid), spec.podUid(), spec.podNamespace(),
                spec.podName(), spec.containerName(), clock.instant());
        long ticks = ProcStat.startTicks(pid).orElse(-1);
        Tracked tracked = track(new Tracked(running, process.toHandle(), ticks, process, sandbox, new Instant[1]));
        // an earlier instance of this container is history now: keep the map bounded by live containers
        containers.values().removeIf(t -> t != tracked && t.sandbox.equals(sandbox));
        writeState(sandbox, running, ticks);
        return running;
    }

    private Tracked track(Tracked t) {
        containers.put(t.container.id(), t);
        t.handle.onExit().thenRun(() -> {
            t.finishedAt[0] = clock.instant();
            java.util.function.Consumer<String> l = exitListener;
            if (l != null) l.accept(t.container.podUid());
        });
        return t;
    }

    @Override
    public void onExit(java.util.function.Consumer<String> listener) {
        exitListener = listener;
    }

    /** The process to run: the spec's command and args, or this program's hello server. */
    static List<String> commandLine(ContainerSpec spec) {
        List<String> cmd = new ArrayList<>();
        if (spec.image().startsWith(HELLO_IMAGE)) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // small and quick to start: a demo runs many replicas on one laptop
            cmd.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.shoal.node.Main", "hello"));
            cmd.addAll(spec.args());
            return cmd;
        }
        cmd.addAll(spec.command());
        cmd.addAll(spec.args());
        if (cmd.isEmpty()) {
            throw new IllegalArgumentException("container " + spec.containerName()
                    + ": command: the process runtime runs no images, so a container needs a command");
        }
        return cmd;
    }

    private static Path workingDir(ContainerSpec spec, Path sandbox) {
        return spec.workingDir().isEmpty() ? sandbox : sandbox.resolve(spec.workingDir());
    }

    /**
     * The spec's env, plus PORT (the first published host port) and PORT_NAME per named port: a
     * host process shares the node's ports, so it must listen where the kubelet says.
     */
    static Map<String, String> environment(ContainerSpec spec, Path sandbox) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse(DEFAULT_PATH));
        env.put("HOME", sandbox.toString());
        // where a host process should listen: the node's address (a container listens on its own)
        env.put("HOST", spec.env().getOrDefault("HOST_IP", "127.0.0.1"));
        env.putAll(spec.env());
        spec.ports().stream().filter(p -> p.hostPort() > 0).findFirst()
                .ifPresent(p -> env.put("PORT", Integer.toString(p.hostPort())));
        for (ContainerSpec.Port p : spec.ports()) {
            if (!p.name().isEmpty() && p.hostPort() > 0) {
                env.put("PORT_" + p.name().toUpperCase(Locale.ROOT).replace('-', '_'), Integer.toString(p.hostPort()));
            }
        }
        return env;
    }

    @Override
    public void stop(String containerId, Duration grace) {
        Tracked t = containers.get(containerId);
        if (t == null || !alive(t)) return;
        // collect the tree first: once the parent dies its children are re-parented out of reach
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(t.handle);
        t.handle.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(t.handle, grace)) {
            LOG.info("container " + t.container.containerName() + " of pod " + t.container.podNamespace() + "/"
                    + t.container.podName() + " ignored SIGTERM for " + grace.toSeconds() + " s; killing it");
        }
        t.handle.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(t.handle, REAP);
        if (t.child != null) awaitExit(t.child.toHandle(), REAP);
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** Alive, and still the process we started (its start time rules out a reused pid). */
    private static boolean alive(Tracked t) {
        if (t.child != null) return t.child.isAlive();
        return t.handle.isAlive() && ProcStat.startTicks(t.handle.pid()).orElse(-2) == t.startTicks;
    }

    @Override
    public Optional<ContainerState> inspect(String containerId) {
        Tracked t = containers.get(containerId);
        if (t == null) return Optional.empty();
        Instant started = t.container.startedAt();
        if (alive(t)) return Optional.of(new ContainerState.Running(started));
        int code = t.child != null ? t.child.exitValue() : ContainerState.UNKNOWN_EXIT_CODE;
        Instant finished = t.finishedAt[0] != null ? t.finishedAt[0] : clock.instant();
        t.finishedAt[0] = finished;
        return Optional.of(new ContainerState.Exited(code, started, finished));
    }

    @Override
    public List<RunningContainer> listOwned(String node) {
        List<RunningContainer> owned = new ArrayList<>();
        if (!Files.isDirectory(podsDir)) return owned;
        try (Stream<Path> files = Files.find(podsDir, 3, (p, a) -> p.getFileName().toString().equals(STATE))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                readState(file).filter(s -> s.getProperty("node", "").equals(node))
                        .flatMap(s -> adoptQuietly(s, file.getParent()))
                        .ifPresent(owned::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing containers under " + podsDir, e);
        }
        return owned;
    }

    private Optional<RunningContainer> adoptQuietly(Properties state, Path sandbox) {
        try {
            return adopt(state, sandbox);
        } catch (RuntimeException corrupt) {
            LOG.warning("ignoring unreadable container state in " + sandbox + ": " + corrupt);
            return Optional.empty();
        }
    }

    private Optional<RunningContainer> adopt(Properties state, Path sandbox) {
        long pid = Long.parseLong(state.getProperty("pid"));
        long ticks = Long.parseLong(state.getProperty("startTicks"));
        Tracked known = containers.get(Long.toString(pid));
        if (known != null) return alive(known) ? Optional.of(known.container) : Optional.empty();
        OptionalLong now = ProcStat.startTicks(pid);
        if (now.isEmpty() || now.getAsLong() != ticks) return Optional.empty();  // exited, or the pid is reused
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) return Optional.empty();
        RunningContainer c = new RunningContainer(Long.toString(pid), state.getProperty("podUid"),
                state.getProperty("podNamespace"), state.getProperty("podName"),
                state.getProperty("container"), Instant.parse(state.getProperty("startedAt")));
        track(new Tracked(c, handle.get(), ticks, null, sandbox, new Instant[1]));
        return Optional.of(c);
    }

    @Override
    public int exec(String containerId, List<String> command, Duration timeout) throws IOException, TimeoutException {
        Process p = besideContainer(containerId, command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessExec.killTree(p);
                throw new TimeoutException("command timed out after " + timeout.toMillis() + " ms");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public int exec(String containerId, List<String> command, InputStream stdin, ExecSink sink) throws IOException {
        Process p = besideContainer(containerId, command)
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE)
                .start();
        return ProcessExec.run(p, stdin, sink);
    }

    /** A command run as the container's process runs: in its working directory, with its environment. */
    private ProcessBuilder besideContainer(String containerId, List<String> command) throws IOException {
        Tracked t = containers.get(containerId);
        if (t == null || !alive(t)) throw new IOException("container " + containerId + " is not running");
        long pid = t.handle.pid();
        ProcessBuilder pb = new ProcessBuilder(command).directory(ProcStat.cwd(pid).toFile());
        pb.environment().clear();
        pb.environment().putAll(ProcStat.environ(pid));
        return pb;
    }

    @Override
    public void remove(String containerId) {
        Tracked t = containers.remove(containerId);
        if (t != null) Sandboxes.delete(t.sandbox);
    }

    @Override
    public Path logFile(String containerId) {
        Tracked t = containers.get(containerId);
        if (t == null) throw new IllegalArgumentException("unknown container " + containerId);
        return t.sandbox.resolve(LOG_FILE);
    }

    @Override
    public Optional<RunningContainer> latest(String podUid, String containerName) {
        // start() keeps at most one instance per sandbox, so this is the current one or the last
        return containers.values().stream()
                .filter(t -> t.container.podUid().equals(podUid) && t.container.containerName().equals(containerName))
                .max(Comparator.comparing((Tracked t) -> alive(t)).thenComparing(t -> t.container.startedAt()))
                .map(Tracked::container);
    }

    private Path sandbox(String podUid, String container) {
        return Sandboxes.of(podsDir, podUid, container);
    }

    private void writeState(Path sandbox, RunningContainer c, long ticks) throws IOException {
        Properties p = new Properties();
        p.setProperty("node", nodeName);
        p.setProperty("pid", c.id());
        p.setProperty("startTicks", Long.toString(ticks));
        p.setProperty("startedAt", c.startedAt().toString());
        p.setProperty("podUid", c.podUid());
        p.setProperty("podNamespace", c.podNamespace());
        p.setProperty("podName", c.podName());
        p.setProperty("container", c.containerName());
        Path tmp = sandbox.resolve(STATE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "a container of shoal's process runtime");
        }
        // atomic, so a crash mid-write never leaves a state file that names no process
        Files.move(tmp, sandbox.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Optional<Properties> readState(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            return Optional.of(p);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
