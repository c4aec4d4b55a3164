package dev.shoal.node.kubelet;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything the kubelet remembers about one container of one pod, across its restarts.
 * Confined to its pod's {@link PodWorker} thread.
 */
final class ContainerSlot {
    final ContainerDef def;
    private final String runtimeName;
    /** The current or, once exited, the last instance; "" before the first start. */
    String containerId = "";
    /** Null until it first starts on this node. */
    ContainerState state;
    /** Why the current instance terminated, when not simply its exit code: StartError, ContainerStatusUnknown. */
    String exitReason = "";
    String exitMessage = "";
    int restartCount;
    int crashStreak;
    /** The instance before the current one: Kubernetes' lastState. */
    ContainerStatus.Terminated previous;
    /** Image pulls that failed in a row, and when the next may be tried (Kubernetes' ImagePullBackOff). */
    int pullFailures;
    Instant pullRetryAt = Instant.MIN;
    String pullError = "";
    /** The end of the back-off last reported as an event, so each back-off is reported once. */
    Instant backOffReported = Instant.MIN;
    /** Set by the latest plan: a back-off, a port conflict. */
    ContainerStatus.Waiting waiting;
    ProbeRunner startup;
    ProbeRunner liveness;
    ProbeRunner readiness;
    boolean started;
    Optional<String> killReason = Optional.empty();

    ContainerSlot(ContainerDef def, String runtimeName) {
        this.def = def;
        this.runtimeName = runtimeName;
    }

    boolean running() {
        return state instanceof ContainerState.Running;
    }

    /** A new instance is running: its probes start afresh. */
    void startedInstance(String id, Instant startedAt) {
        containerId = id;
        state = new ContainerState.Running(startedAt);
        exitReason = "";
        exitMessage = "";
        waiting = null;
        killReason = Optional.empty();
        startup = def.startupProbe().map(p -> new ProbeRunner(p, false, startedAt)).orElse(null);
        liveness = def.livenessProbe().map(p -> new ProbeRunner(p, true, startedAt)).orElse(null);
        readiness = def.readinessProbe().map(p -> new ProbeRunner(p, false, startedAt)).orElse(null);
        started = startup == null;
    }

    void exited(ContainerState.Exited e, String reason, String message) {
        state = e;
        if (!reason.isEmpty()) exitReason = reason;
        if (!message.isEmpty()) exitMessage = message;
        startup = liveness = readiness = null;
        started = false;
        killReason = Optional.empty();
    }

    /** Before starting the next instance: the current one becomes lastState, and it counts as a restart. */
    void retire() {
        if (state instanceof ContainerState.Exited) {
            previous = terminated();
            restartCount++;
        }
    }

    boolean ready() {
        return running() && started && (readiness == null || readiness.passing());
    }

    PodSync.Observed observed() {
        return new PodSync.Observed(containerId, state, crashStreak, killReason);
    }

    /** The container ID as pod status shows it: {@code process://<pid>}. */
    String statusId() {
        return containerId.isEmpty() ? "" : runtimeName + "://" + containerId;
    }

    ContainerStatus status() {
        String id = statusId();
        ContainerStatus.State shown;
        Optional<ContainerStatus.Terminated> last = Optional.ofNullable(previous);
        if (state instanceof ContainerState.Running r) {
            shown = new ContainerStatus.Running(r.startedAt());
        } else if (state instanceof ContainerState.Exited && waiting != null) {
            shown = waiting;                  // waiting to restart: what it did last is lastState
            last = Optional.of(terminated());
        } else if (state instanceof ContainerState.Exited) {
            shown = terminated();
        } else {
            shown = waiting != null ? waiting : new ContainerStatus.Waiting(KubeletReasons.CONTAINER_CREATING, "");
        }
        return new ContainerStatus(def.name(), def.image(), id, ready(), running() && started, restartCount, shown, last);
    }

    private ContainerStatus.Terminated terminated() {
        ContainerState.Exited e = (ContainerState.Exited) state;
        ContainerStatus.Terminated t = ContainerStatus.Terminated.of(e, statusId());
        return new ContainerStatus.Terminated(t.exitCode(), exitReason.isEmpty() ? t.reason() : exitReason, exitMessage,
                t.startedAt(), t.finishedAt(), t.containerId());
    }
}
