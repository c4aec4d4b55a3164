package dev.shoal.node.kubelet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodSyncTest {
    private static final KubeletConfig K8S = KubeletConfig.DEFAULTS;
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static PodSync.Desired pod(RestartPolicy policy) {
        return new PodSync.Desired(policy, List.of("app"));
    }

    private static PodSync.Observed exited(int code, Duration ran, int streak) {
        return new PodSync.Observed("42", new ContainerState.Exited(code, T0.minus(ran), T0), streak, Optional.empty());
    }

    private static void check(PodSync.Desired desired, PodSync.Observed observed, Instant now, List<PodSync.Action> expected) {
        Map<String, PodSync.Observed> obs = observed == null ? Map.of() : Map.of("app", observed);
        assertEquals(expected, PodSync.plan(desired, obs, now, K8S).actions());
    }

    @Test
    void aContainerNeverStartedIsStartedWhateverThePolicy() {
        for (RestartPolicy p : RestartPolicy.values()) check(pod(p), null, T0, List.of(new PodSync.Start("app", 0)));
    }

    @Test
    void aRunningHealthyContainerIsLeftAlone() {
        var running = new PodSync.Observed("42", new ContainerState.Running(T0), 3, Optional.empty());
        check(pod(RestartPolicy.ALWAYS), running, T0.plusSeconds(5), List.of());
    }

    @Test
    void aContainerThatFailedItsLivenessProbeIsKilled() {
        var unhealthy = new PodSync.Observed("42", new ContainerState.Running(T0), 0, Optional.of("Liveness probe failed"));
        check(pod(RestartPolicy.NEVER), unhealthy, T0, List.of(new PodSync.Kill("app", "42", "Liveness probe failed")));
    }

    @Test
    void restartPoliciesDecideWhoComesBack() {
        record Case(RestartPolicy policy, int exitCode, boolean restarts) {}
        for (Case c : List.of(
                new Case(RestartPolicy.ALWAYS, 0, true), new Case(RestartPolicy.ALWAYS, 1, true),
                new Case(RestartPolicy.ON_FAILURE, 0, false), new Case(RestartPolicy.ON_FAILURE, 137, true),
                new Case(RestartPolicy.NEVER, 0, false), new Case(RestartPolicy.NEVER, 1, false))) {
            List<PodSync.Action> expected = c.restarts() ? List.of(new PodSync.Start("app", 1)) : List.of();
            check(pod(c.policy()), exited(c.exitCode(), Duration.ofSeconds(1), 0), T0, expected);
        }
    }

    @Test
    void backOffDoublesFromTenSecondsToFiveMinutes() {
        // streak = restarts in a row so far; the first crash restarts at once
        int[] expectedSeconds = {0, 10, 20, 40, 80, 160, 300, 300, 300};
        for (int streak = 0; streak < expectedSeconds.length; streak++) {
            assertEquals(Duration.ofSeconds(expectedSeconds[streak]), K8S.backoff(streak), "streak " + streak);
        }
    }

    @Test
    void aCrashLoopingContainerWaitsOutItsBackOffThenRestartsWithALongerStreak() {
        var third = exited(1, Duration.ofSeconds(2), 2);  // two quick restarts already: wait 20 s
        check(pod(RestartPolicy.ALWAYS), third, T0.plusSeconds(19),
                List.of(new PodSync.BackOff("app", T0.plusSeconds(20), Duration.ofSeconds(20))));
        check(pod(RestartPolicy.ALWAYS), third, T0.plusSeconds(20), List.of(new PodSync.Start("app", 3)));
    }

    @Test
    void tenMinutesOfRunningForgivesTheStreak() {
        var longRun = exited(1, Duration.ofMinutes(10), 7);
        check(pod(RestartPolicy.ALWAYS), longRun, T0, List.of(new PodSync.Start("app", 1)));
        var almost = exited(1, Duration.ofMinutes(10).minusSeconds(1), 7);
        check(pod(RestartPolicy.ALWAYS), almost, T0,
                List.of(new PodSync.BackOff("app", T0.plus(Duration.ofMinutes(5)), Duration.ofMinutes(5))));
    }

    @Test
    void backOffNumbersAreConfigurable() {
        var fast = new KubeletConfig(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1),
                K8S.resync(), K8S.poll(), K8S.defaultGrace());
        assertEquals(List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250)),
                List.of(fast.backoff(0), fast.backoff(1), fast.backoff(2), fast.backoff(3)));
    }
}
