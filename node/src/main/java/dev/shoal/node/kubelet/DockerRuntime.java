package dev.shoal.node.kubelet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.shoal.api.Quantity;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each container as a Docker container, through docker-java against the local engine.
 * Docker only runs; Shoal decides: containers get no Docker restart policy (the kubelet restarts
 * them, with back-off), and every container carries labels naming its pod and node, which is how
 * a restarted agent finds its own again ({@link #listOwned}).
 *
 * <p>Kubernetes' mapping of a container spec: {@code command} replaces the image's ENTRYPOINT
 * and {@code args} its CMD; cpu and memory limits become NanoCPUs and Memory; each container
 * port is published on the node's address at the host port the kubelet allocated.
 *
 * <p>Logs: a pump per container copies Docker's log stream into
 * {@code <dataDir>/pods/<podUid>/<container>/output.log}, the same file the process runtime
 * writes, appended across restarts, so {@code logs} reads one format whichever runtime ran it.
 *
 * <p>Exec: probes go through docker-java; {@code kubectl exec}'s streaming exec goes through
 * {@link DockerExecStream}, which can half-close stdin. An exec cut short (its client went away)
 * loses its connection, which ends a command that reads stdin or writes; Docker has no call to
 * kill an exec, so a silent one that ignores stdin runs to its end (as under Kubernetes with Docker).
 *
 * <p>Container IDs are Docker's. The last exited instance of each pod container is kept (for
 * its exit code) until the next instance starts or the kubelet removes it.
 */
public final class DockerRuntime implements ContainerRuntime, Closeable {
    private static final Logger LOG = Logger.getLogger(DockerRuntime.class.getName());
    /** The labels that tie a container to its pod and node. */
    static final String LABEL_NODE = "dev.shoal.node";
    static final String LABEL_POD_UID = "dev.shoal.pod.uid";
    static final String LABEL_POD_NAMESPACE = "dev.shoal.pod.namespace";
    static final String LABEL_POD_NAME = "dev.shoal.pod.name";
    static final String LABEL_CONTAINER = "dev.shoal.container";
    /** Longest a pull may take before the pod is told it failed. */
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);
    /** Docker's stop waits this long past the grace period for the engine to answer. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(10);
    /** How long an exec's exit code may lag behind the end of its output. */
    private static final Duration EXEC_EXIT_WAIT = Duration.ofSeconds(2);

    private final DockerClient docker;
    /** As configured (unix:///var/run/docker.sock): streaming execs connect there themselves, see {@link DockerExecStream}. */
    private final String dockerHost;
    private final String engineVersion;
    private final Path podsDir;
    private final String nodeName;
    /** The node's address: container ports are published there, not on every interface. */
    private final String hostIP;
    /** The resolver configuration containers get, or null to leave Docker's default (the host's). */
    private final ContainerDns dns;
    private final Clock clock;
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-docker-events");
        t.setDaemon(true);
        return t;
    });
    private volatile Closeable events;
    private volatile boolean closed;
    /** Containers this agent started or adopted, by Docker ID. */
    private final Map<String, Tracked> containers = new ConcurrentHashMap<>();

    private record Tracked(RunningContainer container, Path sandbox, LogPump pump) {}

    private DockerRuntime(DockerClient docker, String dockerHost, String engineVersion, Path dataDir, String nodeName,
                          String hostIP, ContainerDns dns, Clock clock) {
        this.docker = docker;
        this.dockerHost = dockerHost;
        this.engineVersion = engineVersion;
        this.podsDir = dataDir.resolve("pods");
        this.nodeName = nodeName;
        this.hostIP = hostIP;
        this.dns = dns;
        this.clock = clock;
    }

    /**
     * Connects to the engine at {@code dockerHost} ("unix:///var/run/docker.sock", "tcp://127.0.0.1:2375").
     * @throws IOException if no engine answers there
     */
    public static DockerRuntime connect(String dockerHost, Path dataDir, String nodeName, String hostIP, Clock clock)
            throws IOException {
        return connect(dockerHost, dataDir, nodeName, hostIP, null, clock);
    }

    /** @param dns the cluster DNS containers resolve Service names with, or null for Docker's default */
    public static DockerRuntime connect(String dockerHost, Path dataDir, String nodeName, String hostIP, ContainerDns dns,
                                        Clock clock) throws IOException {
        DockerClient client = client(dockerHost);
        try {
            String version = client.versionCmd().exec().getVersion();
            return new DockerRuntime(client, dockerHost, version, dataDir, nodeName, hostIP, dns, clock);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new IOException("no Docker engine answers at " + dockerHost + ": " + e.getMessage(), e);
        }
    }

    private static DockerClient client(String dockerHost) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(256)  // log pumps hold one each while they follow
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String version() {
        return "docker://" + engineVersion;
    }

    @Override
    public void pullImage(String image, ImagePullPolicy policy) throws ImagePullException {
        if (image.startsWith(ProcessRuntime.HELLO_IMAGE) && !present(image)) {
            // the README's demo image exists only in the process runtime; asking a registry for it would be a wasted trip
            throw new ImagePullException(KubeletReasons.ERR_IMAGE_PULL, "\"" + image + "\" is Shoal's built-in demo, which"
                    + " only the process runtime runs: start the agent with --runtime process, or use an image of your own", null);
        }
        if (policy != ImagePullPolicy.ALWAYS && present(image)) return;
        if (policy == ImagePullPolicy.NEVER) {
            throw new ImagePullException(KubeletReasons.ERR_IMAGE_NEVER_PULL, "Container image \"" + image
                    + "\" is not present with pull policy of Never", null);
        }
        try {
            if (!docker.pullImageCmd(image).start().awaitCompletion(PULL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ImagePullException(KubeletReasons.ERR_IMAGE_PULL, "pulling image \"" + image + "\" took longer than "
                        + PULL_TIMEOUT.toMinutes() + " min", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePullException(KubeletReasons.ERR_IMAGE_PULL, "interrupted pulling image \"" + image + "\"", e);
        } catch (RuntimeException e) {
            throw new ImagePullException(KubeletReasons.ERR_IMAGE_PULL, "failed to pull image \"" + image + "\": "
                    + message(e), e);
        }
    }

    private boolean present(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Follows the engine's "die" events for this node's containers. The stream is re-opened a
     * second after it breaks (engine restart); what died meanwhile the kubelet's relist finds.
     */
    @Override
    public void onExit(Consumer<String> listener) {
        if (closed) return;
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event e) {
                String uid = e.getActor() == null || e.getActor().getAttributes() == null ? null
                        : e.getActor().getAttributes().get(LABEL_POD_UID);
                if (uid != null) listener.accept(uid);
            }

            @Override
            public void onError(Throwable t) {
                super.onError(t);
                resubscribe(listener);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                resubscribe(listener);
            }
        };
        events = callback;
        try {
            docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("die")
                    .withLabelFilter(Map.of(LABEL_NODE, nodeName)).exec(callback);
        } catch (DockerException e) {
            resubscribe(listener);
        }
    }

    private void resubscribe(Consumer<String> listener) {
        if (closed) return;
        try {
            retry.schedule(() -> onExit(listener), 1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    @Override
    public RunningContainer start(ContainerSpec spec) throws IOException {
        Path sandbox = sandbox(spec.podUid(), spec.containerName());
        Files.createDirectories(sandbox);
        removeExitedInstances(sandbox);
        String id;
        try {
            id = create(spec).exec().getId();
        } catch (DockerException | IllegalArgumentException e) {
            throw new IOException("creating the container: " + message(e), e);
        }
        try {
            docker.startContainerCmd(id).exec();
        } catch (DockerException e) {
            // a command that is not in the image, a port taken: Kubernetes' StartError; the container is useless
            removeQuietly(id);
            throw new IOException(message(e), e);
        }
        Instant startedAt = startedAt(id).orElse(clock.instant());
        RunningContainer running = new RunningContainer(id, spec.podUid(), spec.podNamespace(), spec.podName(),
                spec.containerName(), startedAt);
        track(running, sandbox, 0);
        return running;
    }

    /** The create call for one container: Kubernetes' mapping of a container spec onto Docker's. */
    private CreateContainerCmd create(ContainerSpec spec) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NODE, nodeName);
        labels.put(LABEL_POD_UID, spec.podUid());
        labels.put(LABEL_POD_NAMESPACE, spec.podNamespace());
        labels.put(LABEL_POD_NAME, spec.podName());
        labels.put(LABEL_CONTAINER, spec.containerName());
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        List<ExposedPort> exposed = new ArrayList<>();
        List<PortBinding> bindings = new ArrayList<>();
        for (ContainerSpec.Port p : spec.ports()) {
            ExposedPort port = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol().toLowerCase()));
            exposed.add(port);
            if (p.hostPort() > 0) bindings.add(new PortBinding(Ports.Binding.bindIpAndPort(hostIP, p.hostPort()), port));
        }
        HostConfig host = HostConfig.newHostConfig().withPortBindings(bindings)
                .withRestartPolicy(RestartPolicy.noRestart());  // the kubelet restarts, with back-off
        if (!spec.cpuLimit().isEmpty()) host.withNanoCPUs(Quantity.milliValue(spec.cpuLimit()) * 1_000_000L);
        if (!spec.memoryLimit().isEmpty()) host.withMemory(Quantity.bytes(spec.memoryLimit()));
        if (dns != null) {
            host.withDns(dns.nameserver()).withDnsSearch(dns.searches(spec.podNamespace())).withDnsOptions(dns.options());
        }
        SecurityContext security = spec.security();
        if (security.readOnlyRootFilesystem()) host.withReadonlyRootfs(true);
        if (security.privileged()) host.withPrivileged(true);
        if (!security.capabilitiesAdd().isEmpty()) host.withCapAdd(capabilities(security.capabilitiesAdd()));
        if (!security.capabilitiesDrop().isEmpty()) host.withCapDrop(capabilities(security.capabilitiesDrop()));
        boolean needsImageUser = security.runAsNonRoot() || (security.runAsGroup().isPresent() && security.runAsUser().isEmpty());
        String user = security.dockerUser(needsImageUser ? imageUser(spec.image()) : "");
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(containerName(spec))
                .withLabels(labels)
                .withEnv(env)
                .withExposedPorts(exposed)
                .withHostConfig(host);
        // Kubernetes: command replaces the image's ENTRYPOINT (and then its CMD too), args replace CMD
        if (!spec.command().isEmpty()) {
            cmd.withEntrypoint(spec.command());
            cmd.withCmd(spec.args());
        } else if (!spec.args().isEmpty()) {
            cmd.withCmd(spec.args());
        }
        if (!spec.workingDir().isEmpty()) cmd.withWorkingDir(spec.workingDir());
        if (!user.isEmpty()) cmd.withUser(user);
        return cmd;
    }

    /** The user the image runs as by default (its USER), "" for root by omission. */
    private String imageUser(String image) {
        var config = docker.inspectImageCmd(image).exec().getConfig();
        return config == null || config.getUser() == null ? "" : config.getUser();
    }

    /** Docker's names for Kubernetes' capability names; an unknown one fails the create (IllegalArgumentException). */
    private static com.github.dockerjava.api.model.Capability[] capabilities(List<String> names) {
        return names.stream().map(com.github.dockerjava.api.model.Capability::valueOf)
                .toArray(com.github.dockerjava.api.model.Capability[]::new);
    }

    /**
     * A readable, unique name, Kubernetes-style: shoal_CONTAINER_POD_NAMESPACE_UID8_MILLIS.
     * Docker names allow [a-zA-Z0-9_.-], which pod and container names already are.
     */
    private String containerName(ContainerSpec spec) {
        String uid = spec.podUid().length() > 8 ? spec.podUid().substring(0, 8) : spec.podUid();
        return String.join("_", "shoal", spec.containerName(), spec.podName(), spec.podNamespace(), uid,
                Long.toString(clock.millis(), 36));
    }

    /**
     * The previous instance was kept for its exit code; a new one replaces it. This agent knows
     * every instance it could have left (it removes an earlier agent's exited ones at adoption),
     * so no engine-wide listing is needed on this hot path.
     */
    private void removeExitedInstances(Path sandbox) {
        List<String> old = containers.values().stream().filter(t -> t.sandbox.equals(sandbox))
                .map(t -> t.container.id()).toList();
        for (String id : old) {
            if (!running(id)) forget(id);
        }
    }

    private void track(RunningContainer c, Path sandbox, long sinceEpochSecond) {
        LogPump pump = new LogPump(c.id(), sandbox.resolve(ProcessRuntime.LOG_FILE), sinceEpochSecond);
        Tracked previous = containers.put(c.id(), new Tracked(c, sandbox, pump));
        if (previous != null) previous.pump.close();
        pump.start();
    }

    @Override
    public void stop(String containerId, Duration grace) {
        try {
            // Docker sends the image's STOPSIGNAL (SIGTERM), then SIGKILL after the timeout
            docker.stopContainerCmd(containerId).withTimeout((int) Math.min(Integer.MAX_VALUE, grace.toSeconds())).exec();
        } catch (NotFoundException | NotModifiedException alreadyGone) {
            // exited or removed already: the same outcome
        } catch (DockerException e) {
            LOG.log(Level.WARNING, "stopping container " + containerId + " failed: " + message(e) + "; killing it", e);
            try {
                docker.killContainerCmd(containerId).exec();
            } catch (DockerException ignored) {
                // inspect will tell the truth on the next pass
            }
        }
        awaitStopped(containerId, STOP_SLACK);
    }

    /** The engine may answer stop before the state says exited; wait (bounded) until it does. */
    private void awaitStopped(String containerId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(containerId) && System.nanoTime() < deadline) {
            try {
                docker.waitContainerCmd(containerId).start().awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (DockerException e) {
                return;
            }
        }
    }

    private boolean running(String containerId) {
        return inspect(containerId).map(s -> s instanceof ContainerState.Running).orElse(false);
    }

    @Override
    public Optional<ContainerState> inspect(String containerId) {
        InspectContainerResponse.ContainerState s;
        try {
            s = docker.inspectContainerCmd(containerId).exec().getState();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        Instant started = instant(s.getStartedAt()).orElse(Instant.EPOCH);
        if (Boolean.TRUE.equals(s.getRunning()) || Boolean.TRUE.equals(s.getRestarting())) {
            return Optional.of(new ContainerState.Running(started));
        }
        Long code = s.getExitCodeLong();
        String reason = Boolean.TRUE.equals(s.getOOMKilled()) ? KubeletReasons.OOM_KILLED : "";
        Instant finished = instant(s.getFinishedAt()).orElse(clock.instant());
        return Optional.of(new ContainerState.Exited(code == null ? ContainerState.UNKNOWN_EXIT_CODE : code.intValue(),
                started, finished, reason));
    }

    private Optional<Instant> startedAt(String containerId) {
        try {
            return instant(docker.inspectContainerCmd(containerId).exec().getState().getStartedAt());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Docker's RFC 3339 times; "0001-01-01T00:00:00Z" means never. */
    static Optional<Instant> instant(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-")) return Optional.empty();
        return Optional.of(Instant.parse(text));
    }

    @Override
    public List<RunningContainer> listOwned(String node) {
        List<RunningContainer> owned = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL_NODE, node)).exec()) {
            Map<String, String> l = c.getLabels();
            if (!"running".equals(c.getState())) {
                // exited under an earlier agent: no pod worker will ask for it; its log is in the sandbox
                forget(c.getId());
                continue;
            }
            RunningContainer rc = new RunningContainer(c.getId(), l.getOrDefault(LABEL_POD_UID, ""),
                    l.getOrDefault(LABEL_POD_NAMESPACE, ""), l.getOrDefault(LABEL_POD_NAME, ""),
                    l.getOrDefault(LABEL_CONTAINER, ""), startedAt(c.getId()).orElse(Instant.ofEpochSecond(c.getCreated())));
            if (rc.podUid().isEmpty() || rc.containerName().isEmpty()) continue;  // labelled by hand, not ours to judge
            if (!containers.containsKey(rc.id())) {
                Path sandbox = sandbox(rc.podUid(), rc.containerName());
                track(rc, sandbox, resumeLogsFrom(sandbox));
            }
            owned.add(rc);
        }
        return owned;
    }

    /**
     * Where an adopted container's log pump resumes: the last write to its log file (whole
     * seconds, Docker's resolution for {@code since}), so output written while no agent ran is
     * copied, at the price of repeating at most a second of lines.
     */
    private static long resumeLogsFrom(Path sandbox) {
        try {
            return Files.getLastModifiedTime(sandbox.resolve(ProcessRuntime.LOG_FILE)).toInstant().getEpochSecond();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public int exec(String containerId, List<String> command, Duration timeout) throws IOException, TimeoutException {
        String execId;
        try {
            execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
        } catch (DockerException e) {
            throw new IOException("container " + containerId + ": " + message(e), e);
        }
        try {
            // the output is not wanted (a probe), but attaching is how Docker says when it ended
            if (!docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>())
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("command timed out after " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        return code == null ? -1 : code.intValue();
    }

    @Override
    public int exec(String containerId, List<String> command, InputStream stdin, ExecSink sink) throws IOException {
        String execId;
        try {
            // Docker runs it with the container's environment and working directory
            execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                    .withAttachStdin(stdin != null).withAttachStdout(true).withAttachStderr(true).exec().getId();
        } catch (DockerException e) {
            throw new IOException("container " + containerId + ": " + message(e), e);
        }
        DockerExecStream.run(DockerEngineAddress.parse(dockerHost), execId, stdin, sink);
        return execExitCode(execId);
    }

    /** The engine ends the stream after recording the exit code; a short bounded wait covers engines that race. */
    private int execExitCode(String execId) throws IOException {
        long deadline = System.nanoTime() + EXEC_EXIT_WAIT.toNanos();
        while (true) {
            var inspected = docker.inspectExecCmd(execId).exec();
            Long code = inspected.getExitCodeLong();
            if (code != null && !Boolean.TRUE.equals(inspected.isRunning())) return code.intValue();
            if (System.nanoTime() > deadline) throw new IOException("exec " + execId + ": the engine reports no exit code");
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            if (Thread.currentThread().isInterrupted()) throw new java.io.InterruptedIOException("interrupted");
        }
    }

    /** The pod is done with this container: it goes from the engine, and its sandbox (the log) from the disk. */
    @Override
    public void remove(String containerId) {
        Tracked t = containers.get(containerId);
        forget(containerId);
        if (t != null && containers.values().stream().noneMatch(o -> o.sandbox.equals(t.sandbox))) Sandboxes.delete(t.sandbox);
    }

    /** Removes the container from the engine, keeping its log: a later instance appends to it. */
    private void forget(String containerId) {
        Tracked t = containers.remove(containerId);
        if (t != null) t.pump.close();
        removeQuietly(containerId);
    }


    private void removeQuietly(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).exec();
        } catch (NotFoundException gone) {
            // removed already
        } catch (DockerException e) {
            LOG.log(Level.FINE, "removing container " + containerId, e);
        }
    }

    @Override
    public Path logFile(String containerId) {
        Tracked t = containers.get(containerId);
        if (t == null) throw new IllegalArgumentException("unknown container " + containerId);
        return t.sandbox.resolve(ProcessRuntime.LOG_FILE);
    }

    @Override
    public Optional<RunningContainer> latest(String podUid, String containerName) {
        return containers.values().stream()
                .filter(t -> t.container.podUid().equals(podUid) && t.container.containerName().equals(containerName))
                .max(Comparator.comparing((Tracked t) -> t.container.startedAt()))
                .map(Tracked::container);
    }

    private Path sandbox(String podUid, String container) {
        return Sandboxes.of(podsDir, podUid, container);
    }

    /** Stops the log pumps and the client; the containers keep running for the next agent. */
    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        Closeable e = events;
        if (e != null) closeQuietly(e);
        containers.values().forEach(t -> t.pump.close());
        closeQuietly(docker);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a client: nothing to lose
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // docker-java prefixes the engine's JSON answer with "Status 404: "; the engine's words are what matter
        int brace = m.indexOf("{\"message\":\"");
        if (brace >= 0) {
            int end = m.lastIndexOf("\"}");
            if (end > brace) return m.substring(brace + 12, end).replace("\\\"", "\"");
        }
        return m.strip();
    }

    /**
     * Follows one container's stdout and stderr and appends them to its log file, until the
     * container exits (the stream ends) or the pump is closed.
     */
    private final class LogPump extends ResultCallback.Adapter<Frame> {
        private final String containerId;
        private final Path file;
        private final long since;
        private OutputStream out;

        LogPump(String containerId, Path file, long since) {
            this.containerId = containerId;
            this.file = file;
            this.since = since;
        }

        void start() {
            try {
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                var cmd = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true);
                if (since > 0) cmd.withSince((int) since);
                cmd.exec(this);
            } catch (IOException | DockerException e) {
                LOG.log(Level.WARNING, "cannot copy the log of container " + containerId + " to " + file, e);
                close();
            }
        }

        @Override
        public void onNext(Frame frame) {
            try {
                out.write(frame.getPayload());
                out.flush();  // readers (logs -f) see lines as they come
            } catch (IOException e) {
                LOG.log(Level.FINE, "writing the log of " + containerId, e);
            }
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException ignored) {
                // closing a stream
            }
            synchronized (this) {
                try {
                    if (out != null) out.close();
                } catch (IOException ignored) {
                    // the file is append-only; nothing to lose
                }
            }
        }

        @Override
        public void onComplete() {
            super.onComplete();
            close();
        }
    }
}
