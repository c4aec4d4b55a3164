package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.node.events.EventRecorder;
import dev.shoal.node.services.ServiceEnv;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one pod on this node, on a thread of its own, so one pod's slow stop or probe never
 * delays another's. Each pass: observe the containers, run the probes that are due, plan
 * ({@link PodSync#plan}), apply the plan, and write the pod's status if it changed. A pass runs
 * every {@link KubeletConfig#poll()}, and at once when the pod changes.
 *
 * <p>This node is the only writer of the pod's {@code status}; it never touches spec or metadata.
 */
final class PodWorker {
    private static final Logger LOG = Logger.getLogger(PodWorker.class.getName());

    /** How the worker ends. */
    enum Ending {
        /** The pod is gone from this node: stop its containers and free its ports. */
        STOP_CONTAINERS,
        /** The agent is stopping: leave the containers running for the next agent to adopt. */
        LEAVE_RUNNING
    }

    /** What SIGTERM still gets after a preStop hook that used up the grace period: the kubelet's one-off 2 s. */
    private static final Duration PRE_STOP_EXTENSION = Duration.ofSeconds(2);
    /** How long a deleted pod that serves ports keeps serving before SIGTERM; see {@link #awaitEndpointDrain}. */
    static final Duration ENDPOINT_DRAIN = Duration.ofSeconds(1);

    private final KubeletContext ctx;
    private final String uid;
    private final Map<String, ContainerSlot> slots = new LinkedHashMap<>();
    private final Thread thread;
    private final Object wake = new Object();
    private volatile PodView pod;
    /** The status as last read from or written to the store: writes are skipped while it holds. */
    private volatile JsonNode storedStatus;
    private volatile Ending ending;
    private boolean portsHeld;
    private String portProblem = "";

    PodWorker(KubeletContext ctx, PodView pod, JsonNode storedStatus, List<RunningContainer> adopted) {
        this.ctx = ctx;
        this.pod = pod;
        this.uid = pod.uid();
        this.storedStatus = storedStatus == null ? Json.object() : storedStatus;
        for (ContainerDef def : pod.containers()) slots.put(def.name(), new ContainerSlot(def, ctx.runtime().name()));
        restore(this.storedStatus, adopted);
        this.thread = new Thread(this::loop, "shoal-pod-" + pod.key().namespace() + "-" + pod.key().name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    String uid() {
        return uid;
    }

    /** A fresh copy of the pod from the store. Called by the manager's dispatcher; never blocks. */
    void update(PodView fresh, JsonNode status) {
        pod = fresh;
        if (status != null) storedStatus = status;
        signal();
    }

    void end(Ending how) {
        ending = how;
        signal();
    }

    boolean awaitEnded(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    /** Something happened to one of its containers: run a pass now rather than at the next poll. */
    void wake() {
        signal();
    }

    private void signal() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void loop() {
        try {
            while (ending == null) {
                try {
                    pass();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "pod " + pod.key() + ": sync failed; retrying in " + ctx.config().poll().toMillis() + " ms", e);
                }
                synchronized (wake) {
                    if (ending == null) wake.wait(ctx.config().poll().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ending == Ending.STOP_CONTAINERS) stopAll();
    }

    private void pass() {
        Instant now = ctx.clock().instant();
        PodView current = pod;
        if (!holdPorts()) {
            slots.values().forEach(s -> s.waiting = new ContainerStatus.Waiting(KubeletReasons.HOST_PORT_CONFLICT, portProblem));
        } else {
            observe(now);
            probe(now);
            Map<String, PodSync.Observed> observed = new LinkedHashMap<>();
            slots.forEach((name, slot) -> observed.put(name, slot.observed()));
            apply(PodSync.plan(PodSync.Desired.of(current), observed, now, ctx.config()), current);
        }
        writeStatus(current, ctx.clock().instant());
    }

    /** Reserves the pod's host ports once; false (and why, in portProblem) while they cannot be had. */
    private boolean holdPorts() {
        if (portsHeld) return true;
        List<HostPorts.Request> requests = new ArrayList<>();
        for (ContainerDef def : pod.containers()) {
            for (ContainerSpec.Port p : def.ports()) {
                requests.add(new HostPorts.Request(def.name(), p.name(), p.containerPort(), p.hostPort(), p.protocol()));
            }
        }
        try {
            ctx.ports().allocate(uid, requests);
            portsHeld = true;
            portProblem = "";
        } catch (HostPorts.Unavailable e) {
            portProblem = e.getMessage();
        }
        return portsHeld;
    }

    /** Notices instances that exited since the last pass (Kubernetes' PLEG). */
    private void observe(Instant now) {
        for (ContainerSlot slot : slots.values()) {
            if (!slot.running()) continue;
            Optional<ContainerState> s = ctx.runtime().inspect(slot.containerId);
            if (s.isEmpty()) {
                slot.exited(new ContainerState.Exited(ContainerState.UNKNOWN_EXIT_CODE, slot.state.startedAt(), now),
                        KubeletReasons.CONTAINER_STATUS_UNKNOWN, "the container runtime no longer knows this container");
            } else if (s.get() instanceof ContainerState.Exited e) {
                slot.exited(e, e.reason(), "");
            }
        }
    }

    /** Runs due probes. Startup gates the others; liveness and startup failures mark the instance for a kill. */
    private void probe(Instant now) {
        for (ContainerSlot slot : slots.values()) {
            if (!slot.running()) continue;
            Prober.Target target = new Prober.Target(slot.containerId, ctx.hostIP(), ports(slot.def));
            if (!slot.started) {
                if (slot.startup.runIfDue(now, () -> ctx.prober().probe(slot.startup.probe(), target))) {
                    reportFailure(slot, slot.startup, "Startup", now);
                }
                if (slot.startup.passing()) {
                    slot.started = true;
                } else if (slot.startup.failedOut()) {
                    slot.killReason = Optional.of(KubeletReasons.UNHEALTHY_STARTUP + slot.startup.lastMessage());
                }
                if (!slot.started) continue;
            }
            if (slot.liveness != null) {
                if (slot.liveness.runIfDue(now, () -> ctx.prober().probe(slot.liveness.probe(), target))) {
                    reportFailure(slot, slot.liveness, "Liveness", now);
                }
                if (!slot.liveness.passing()) {
                    slot.killReason = Optional.of(KubeletReasons.UNHEALTHY_LIVENESS + slot.liveness.lastMessage());
                }
            }
            if (slot.readiness != null) {
                if (slot.readiness.runIfDue(now, () -> ctx.prober().probe(slot.readiness.probe(), target))) {
                    reportFailure(slot, slot.readiness, "Readiness", now);
                }
            }
        }
    }

    private void reportFailure(ContainerSlot slot, ProbeRunner runner, String kind, Instant now) {
        if (runner.failureToReport(now)) {
            ctx.events().warning(about(slot), "Unhealthy", kind + " probe failed: " + runner.lastMessage());
        }
    }

    /** The pod, and which of its containers, an event is about: Kubernetes' {@code spec.containers{NAME}}. */
    private EventRecorder.Subject about(ContainerSlot slot) {
        PodView p = pod;
        return new EventRecorder.Subject(ResourceType.POD, p.key().namespace(), p.key().name(), uid,
                slot == null ? "" : "spec.containers{" + slot.def.name() + "}");
    }

    private void apply(PodSync.Plan plan, PodView current) {
        slots.values().forEach(s -> { if (s.waiting != null && !s.running()) s.waiting = null; });
        for (PodSync.Action action : plan.actions()) {
            ContainerSlot slot = slots.get(action.container());
            if (action instanceof PodSync.Start s) {
                start(slot, s.crashStreak(), current);
            } else if (action instanceof PodSync.Kill k) {
                LOG.info("pod " + current.key() + ": killing container " + k.container() + ": " + k.reason());
                ctx.events().normal(about(slot), "Killing", "Container " + k.container() + " " + k.reason()
                        + (current.restartPolicy().restarts(ContainerState.UNKNOWN_EXIT_CODE) ? ", will be restarted" : ""));
                stopContainer(slot, k.containerId(), current.grace(), current);
                Instant now = ctx.clock().instant();
                ContainerState.Exited e = ctx.runtime().inspect(k.containerId())
                        .filter(st -> st instanceof ContainerState.Exited).map(st -> (ContainerState.Exited) st)
                        .orElse(new ContainerState.Exited(ContainerState.UNKNOWN_EXIT_CODE, slot.state.startedAt(), now));
                slot.exited(e, "", k.reason());
            } else if (action instanceof PodSync.BackOff b) {
                if (!b.until().equals(slot.backOffReported)) {
                    slot.backOffReported = b.until();
                    ctx.events().warning(about(slot), "BackOff", "Back-off restarting failed container " + b.container()
                            + " in pod " + current.key().name() + "_" + current.key().namespace() + "(" + uid + ")");
                }
                slot.waiting = new ContainerStatus.Waiting(KubeletReasons.CRASH_LOOP_BACK_OFF, "back-off " + b.delay().toSeconds()
                        + "s restarting failed container=" + b.container() + " pod=" + current.key().name() + "_" + current.key().namespace());
            }
        }
    }

    private void start(ContainerSlot slot, int crashStreak, PodView current) {
        if (!imageReady(slot, current)) return;
        slot.retire();
        slot.crashStreak = crashStreak;
        ContainerDef def = slot.def;
        try {
            RunningContainer c = ctx.runtime().start(new ContainerSpec(uid, current.key().namespace(), current.key().name(),
                    def.name(), def.image(), def.command(), def.args(), environment(current, def), def.workingDir(),
                    ports(def), def.cpuLimit(), def.memoryLimit(), def.security()));
            slot.startedInstance(c.id(), c.startedAt());
            ctx.events().normal(about(slot), "Started", "Started container " + def.name());
        } catch (IOException | RuntimeException e) {
            Instant now = ctx.clock().instant();
            LOG.info("pod " + current.key() + ": container " + def.name() + " could not start: " + e.getMessage());
            ctx.events().warning(about(slot), "Failed", "Error: " + e.getMessage());
            slot.containerId = "";
            slot.exited(new ContainerState.Exited(KubeletReasons.START_ERROR_EXIT_CODE, now, now),
                    KubeletReasons.START_ERROR, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Pulls the image as its policy says, unless a failed pull is still backing off. False while
     * the image cannot be had: the container waits (ErrImagePull, then ImagePullBackOff) and, as
     * nothing ran, no restart is counted.
     */
    private boolean imageReady(ContainerSlot slot, PodView current) {
        ContainerDef def = slot.def;
        Instant now = ctx.clock().instant();
        if (now.isBefore(slot.pullRetryAt)) {
            slot.waiting = new ContainerStatus.Waiting(KubeletReasons.IMAGE_PULL_BACK_OFF,
                    "Back-off pulling image \"" + def.image() + "\": " + slot.pullError);
            if (!slot.pullRetryAt.equals(slot.backOffReported)) {
                slot.backOffReported = slot.pullRetryAt;
                ctx.events().normal(about(slot), "BackOff", "Back-off pulling image \"" + def.image() + "\"");
            }
            return false;
        }
        try {
            ctx.runtime().pullImage(def.image(), def.imagePullPolicy());
            slot.pullFailures = 0;
            slot.pullRetryAt = Instant.MIN;
            return true;
        } catch (ImagePullException e) {
            slot.pullFailures++;
            slot.pullError = String.valueOf(e.getMessage());
            slot.pullRetryAt = ctx.clock().instant().plus(ctx.config().backoff(slot.pullFailures));
            slot.waiting = new ContainerStatus.Waiting(e.reason(), slot.pullError);
            ctx.events().warning(about(slot), "Failed", slot.pullError);
            ctx.events().warning(about(slot), "Failed", "Error: " + e.reason());
            LOG.info("pod " + current.key() + ": container " + def.name() + ": " + e.reason() + ": " + slot.pullError);
            return false;
        }
    }

    /** What Kubernetes' downward API would offer, then the container's own env, which wins. */
    private Map<String, String> environment(PodView current, ContainerDef def) {
        Map<String, String> env = new LinkedHashMap<>();
        if (current.serviceLinks()) env.putAll(serviceEnv(current));
        env.put("POD_NAME", current.key().name());
        env.put("POD_NAMESPACE", current.key().namespace());
        env.put("POD_UID", uid);
        env.put("NODE_NAME", ctx.nodeName());
        env.put("HOST_IP", ctx.hostIP());
        env.put("POD_IP", ctx.hostIP());
        env.putAll(def.env());
        return env;
    }

    /** Kubernetes' service links: the Services of the pod's namespace as they are when the container starts. */
    private Map<String, String> serviceEnv(PodView current) {
        try {
            return ServiceEnv.of(ctx.store().list(ResourceType.SERVICE, current.key().namespace(), s -> true).items());
        } catch (ApiException e) {
            LOG.info("pod " + current.key() + ": services unreadable (" + e.getMessage() + "); starting without service variables");
            return Map.of();
        }
    }

    /** The container's ports, each with the host port this pod holds for it. */
    private List<ContainerSpec.Port> ports(ContainerDef def) {
        List<HostPorts.Assigned> held = ctx.ports().of(uid);
        List<ContainerSpec.Port> out = new ArrayList<>();
        for (ContainerSpec.Port p : def.ports()) {
            int host = held.stream().filter(a -> a.container().equals(def.name()) && a.containerPort() == p.containerPort()
                    && a.protocol().equals(p.protocol())).mapToInt(HostPorts.Assigned::hostPort).findFirst().orElse(0);
            out.add(new ContainerSpec.Port(p.name(), p.containerPort(), host, p.protocol()));
        }
        return out;
    }

    /** Writes status when it differs from the stored one; only ever {@code status}, only while the pod is ours. */
    private void writeStatus(PodView current, Instant now) {
        List<ContainerStatus> statuses = slots.values().stream().map(ContainerSlot::status).toList();
        List<HostPorts.Assigned> ports = ctx.ports().of(uid);
        JsonNode seen = storedStatus;
        if (PodStatusBuilder.build(current, seen, statuses, ports, ctx.hostIP(), now).equals(seen)) return;
        try {
            ObjectNode written = ctx.store().update(current.key(), cur -> {
                if (!Meta.uid(cur).equals(uid) || !PodView.of(cur, ctx.config().defaultGrace()).runsOn(ctx.nodeName())) return cur;
                ObjectNode status = PodStatusBuilder.build(current, cur.path("status"), statuses, ports, ctx.hostIP(), now);
                if (status.equals(cur.get("status"))) return cur;
                ObjectNode next = cur.deepCopy();
                next.set("status", status);
                return next;
            });
            storedStatus = written.path("status");
        } catch (ApiException e) {
            if (e.code() != 404) throw e;  // deleted: the manager ends this worker
        }
    }

    /**
     * Picks up where an earlier agent left off: restart counts and last states from the stored
     * status, instances from the runtime's adopted containers. A container the status shows
     * running but the runtime no longer has died while no agent watched: its exit is unknown.
     */
    private void restore(JsonNode status, List<RunningContainer> adopted) {
        Instant now = ctx.clock().instant();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode cs : status.path("containerStatuses")) byName.put(cs.path("name").asText(), cs);
        for (ContainerSlot slot : slots.values()) {
            JsonNode cs = byName.get(slot.def.name());
            Optional<RunningContainer> instance = adopted.stream().filter(c -> c.containerName().equals(slot.def.name())).findFirst();
            if (cs != null) {
                slot.restartCount = cs.path("restartCount").asInt(0);
                slot.previous = terminated(cs.path("lastState").path("terminated")).orElse(null);
                JsonNode state = cs.path("state");
                Optional<ContainerStatus.Terminated> ended = terminated(state.path("terminated"));
                if (instance.isEmpty() && ended.isPresent()) {
                    ContainerStatus.Terminated t = ended.get();
                    slot.containerId = rawId(t.containerId());
                    slot.exited(new ContainerState.Exited(t.exitCode(), t.startedAt(), t.finishedAt()), t.reason(), t.message());
                } else if (instance.isEmpty() && state.has("running")) {
                    Instant started = Instant.parse(state.path("running").path("startedAt").asText(now.toString()));
                    slot.exited(new ContainerState.Exited(ContainerState.UNKNOWN_EXIT_CODE, started, now),
                            KubeletReasons.CONTAINER_STATUS_UNKNOWN, "the container was gone when the agent restarted");
                } else if (instance.isEmpty() && slot.previous != null) {
                    ContainerStatus.Terminated t = slot.previous;  // waiting to restart: back off from the last exit
                    slot.previous = null;
                    slot.restartCount = Math.max(0, slot.restartCount - 1);  // retire() counts it again
                    slot.exited(new ContainerState.Exited(t.exitCode(), t.startedAt(), t.finishedAt()), t.reason(), t.message());
                }
            }
            instance.ifPresent(c -> slot.startedInstance(c.id(), c.startedAt()));
        }
        if (!adopted.isEmpty()) {
            List<HostPorts.Assigned> held = new ArrayList<>();
            for (JsonNode p : status.path("hostPorts")) {
                int containerPort = p.path("containerPort").asInt();
                String protocol = p.path("protocol").asText("TCP");
                String container = pod.containers().stream()
                        .filter(d -> d.ports().stream().anyMatch(dp -> dp.containerPort() == containerPort && dp.protocol().equals(protocol)))
                        .map(ContainerDef::name).findFirst().orElse("");
                held.add(new HostPorts.Assigned(container, p.path("name").asText(""), containerPort, p.path("hostPort").asInt(), protocol));
            }
            ctx.ports().reserve(uid, held);
            portsHeld = true;
        }
    }

    /** "process://123" -> "123": slots hold the runtime's own ids. */
    private static String rawId(String statusId) {
        int i = statusId.indexOf("://");
        return i < 0 ? statusId : statusId.substring(i + 3);
    }

    private static Optional<ContainerStatus.Terminated> terminated(JsonNode t) {
        if (t == null || !t.isObject() || !t.has("exitCode")) return Optional.empty();
        String id = t.path("containerID").asText("");
        return Optional.of(new ContainerStatus.Terminated(t.path("exitCode").asInt(), t.path("reason").asText(KubeletReasons.ERROR),
                t.path("message").asText(""), Instant.parse(t.path("startedAt").asText(Instant.EPOCH.toString())),
                Instant.parse(t.path("finishedAt").asText(Instant.EPOCH.toString())), id));
    }

    /** SIGTERM every container at once, SIGKILL after the pod's grace period; then free what the pod held. */
    /**
     * A pod that serves ports waits a moment before its containers hear SIGTERM: the deletion that
     * ended it is published to every node's proxy at the same moment it reached this kubelet, and
     * the proxies must stop sending it new connections first (a rebuild takes milliseconds; the
     * wait covers a slow node). Kubernetes leaves this race to a preStop sleep in every manifest.
     * Counted against the grace period, as a preStop hook is.
     */
    private Duration awaitEndpointDrain(PodView current) {
        boolean servesPorts = current.containers().stream().anyMatch(c -> !c.ports().isEmpty());
        if (!servesPorts || current.lost()) return Duration.ZERO;  // a lost pod's node was away: nobody routes to it
        long millis = Math.min(ENDPOINT_DRAIN.toMillis(), current.grace().toMillis() / 2);
        try {
            Thread.sleep(millis);  // a fixed delay by design (see above), not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.ofMillis(millis);
    }

    /**
     * Kubernetes' termination: the preStop hook, then SIGTERM, then SIGKILL once the grace period
     * (which the hook's time counts against) is over. A hook that overruns gets a one-off 2 s
     * extension for the SIGTERM, as the kubelet grants. A failing hook is logged; the stop goes on.
     */
    private void stopContainer(ContainerSlot slot, String containerId, Duration grace, PodView current) {
        long t0 = System.nanoTime();
        slot.def.preStop().ifPresent(hook -> {
            int seconds = (int) Math.max(1, grace.toSeconds());
            Prober.Result r = ctx.prober().probe(new Probe(hook, 0, 1, seconds, 1, 1),
                    new Prober.Target(containerId, ctx.hostIP(), ports(slot.def)));
            if (!r.success()) LOG.info("pod " + current.key() + ": container " + slot.def.name() + ": preStop hook failed: " + r.message());
        });
        Duration left = grace.minusNanos(System.nanoTime() - t0);
        ctx.runtime().stop(containerId, slot.def.preStop().isPresent() && left.compareTo(PRE_STOP_EXTENSION) < 0
                ? PRE_STOP_EXTENSION : left);
    }

    private void stopAll() {
        PodView current = pod;
        Duration grace = current.grace().minus(awaitEndpointDrain(current));
        List<Thread> stoppers = new ArrayList<>();
        for (ContainerSlot slot : slots.values()) {
            if (slot.containerId.isEmpty()) continue;
            String id = slot.containerId;
            if (slot.running()) ctx.events().normal(about(slot), "Killing", "Stopping container " + slot.def.name());
            Thread t = new Thread(() -> {
                stopContainer(slot, id, grace, current);
                ctx.runtime().remove(id);
            }, "shoal-stop-" + id);
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ctx.ports().release(uid);
        LOG.info("pod " + current.key() + " stopped on this node");
    }
}
