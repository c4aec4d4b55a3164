package dev.shoal.node.kubelet;

import java.time.Instant;
import java.util.function.Supplier;

/** One probe of one container instance: when it is next due, and its verdict so far. */
final class ProbeRunner {
    private final Probe probe;
    private ProbeState state;
    private Instant nextDue;
    private String lastMessage = "";
    private boolean lastFailed;
    /** When a failure was last reported as an event: one Unhealthy event per 10 s, not one per probe. */
    private Instant reportedAt = Instant.MIN;

    /** @param passing the verdict before any result: true for liveness, false for readiness and startup */
    ProbeRunner(Probe probe, boolean passing, Instant containerStarted) {
        this.probe = probe;
        this.state = ProbeState.initial(passing);
        this.nextDue = containerStarted.plusSeconds(probe.initialDelaySeconds());
    }

    /** Runs the probe if it is due; returns whether it ran. */
    boolean runIfDue(Instant now, Supplier<Prober.Result> run) {
        if (now.isBefore(nextDue)) return false;
        Prober.Result r = run.get();
        state = state.next(r.success(), probe);
        lastMessage = r.message();
        lastFailed = !r.success();
        nextDue = now.plusSeconds(probe.periodSeconds());
        return true;
    }

    Probe probe() {
        return probe;
    }

    boolean passing() {
        return state.passing();
    }

    boolean failedOut() {
        return state.failedOut(probe);
    }

    /** Whether the run that just happened failed and is worth an event now (rate-limited). */
    boolean failureToReport(Instant now) {
        if (!lastFailed || now.isBefore(reportedAt.plusSeconds(10))) return false;
        reportedAt = now;
        return true;
    }

    String lastMessage() {
        return lastMessage;
    }

    Instant nextDue() {
        return nextDue;
    }
}
