package dev.shoal.node.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet's decision for one pod: which containers to start, which to kill, which wait out a
 * back-off. Pure: desired (the spec) and observed (what the runtime and probes said) in, a
 * {@link Plan} out; {@link PodWorker} applies it.
 */
final class PodSync {
    private PodSync() {}

    /** What the pod wants: its containers, by name, and when they come back. */
    record Desired(RestartPolicy restartPolicy, List<String> containers) {
        static Desired of(PodView pod) {
            return new Desired(pod.restartPolicy(), pod.containers().stream().map(ContainerDef::name).toList());
        }
    }

    /**
     * One container as last observed.
     *
     * @param state       null if it never started on this node
     * @param crashStreak restarts in a row without a run of at least backoffResetAfter in between
     * @param killReason  present when a liveness or startup probe has failed it out
     */
    record Observed(String containerId, ContainerState state, int crashStreak, Optional<String> killReason) {
        static Observed never() {
            return new Observed("", null, 0, Optional.empty());
        }
    }

    sealed interface Action {
        String container();
    }

    /** Start the container; {@code crashStreak} is the streak to remember for the instance started. */
    record Start(String container, int crashStreak) implements Action {}

    /** Stop a running instance that failed its probes; the next plan restarts it (or not) by policy. */
    record Kill(String container, String containerId, String reason) implements Action {}

    /** Exited, will restart, but not before {@code until}: Kubernetes' CrashLoopBackOff. */
    record BackOff(String container, Instant until, Duration delay) implements Action {}

    record Plan(List<Action> actions) {
        static final Plan NOTHING = new Plan(List.of());
    }

    static Plan plan(Desired desired, Map<String, Observed> observed, Instant now, KubeletConfig config) {
        List<Action> actions = new ArrayList<>();
        for (String name : desired.containers()) {
            Observed o = observed.getOrDefault(name, Observed.never());
            if (o.state() == null) {
                actions.add(new Start(name, 0));  // first start: nothing to back off from
            } else if (o.state() instanceof ContainerState.Running) {
                o.killReason().ifPresent(why -> actions.add(new Kill(name, o.containerId(), why)));
            } else if (o.state() instanceof ContainerState.Exited e && desired.restartPolicy().restarts(e.exitCode())) {
                actions.add(restart(name, e, o.crashStreak(), now, config));
            }
        }
        return actions.isEmpty() ? Plan.NOTHING : new Plan(List.copyOf(actions));
    }

    /**
     * Restart now or back off. A container that ran at least backoffResetAfter is forgiven its
     * streak; otherwise it waits backoff(streak) after it exited, and the streak grows by one.
     */
    private static Action restart(String name, ContainerState.Exited e, int streak, Instant now, KubeletConfig config) {
        Duration ran = Duration.between(e.startedAt(), e.finishedAt());
        int effective = ran.compareTo(config.backoffResetAfter()) >= 0 ? 0 : streak;
        Duration delay = config.backoff(effective);
        Instant until = e.finishedAt().plus(delay);
        if (now.isBefore(until)) return new BackOff(name, until, delay);
        return new Start(name, effective + 1);
    }
}
