package dev.shoal.node.kubelet;

import java.time.Duration;

/**
 * The kubelet's timings. {@link #DEFAULTS} are Kubernetes' own, so pods behave as users expect.
 *
 * @param backoffInitial    wait before the second restart of a crashing container
 * @param backoffMax        the doubling stops here
 * @param backoffResetAfter a container that ran this long before exiting starts back-off afresh
 * @param resync            every pod is reconciled at least this often, events or not
 * @param poll              how often running containers are checked for exits (Kubernetes' PLEG relist)
 * @param defaultGrace      SIGTERM-to-SIGKILL when the pod names no terminationGracePeriodSeconds
 */
public record KubeletConfig(Duration backoffInitial, Duration backoffMax, Duration backoffResetAfter,
                            Duration resync, Duration poll, Duration defaultGrace) {
    public static final KubeletConfig DEFAULTS = new KubeletConfig(
            Duration.ofSeconds(10),   // kubelet's initial CrashLoopBackOff
            Duration.ofMinutes(5),    // kubelet's MaxContainerBackOff
            Duration.ofMinutes(10),   // 2 x max: a container that stays up this long is healthy again
            Duration.ofSeconds(10),   // catches a missed watch event within this bound
            Duration.ofSeconds(1),    // PLEG relists every second: a crash shows in status within ~1 s
            Duration.ofSeconds(30));  // Kubernetes' default terminationGracePeriodSeconds

    /**
     * The wait before a restart, given how many restarts in a row came before it without a long
     * enough run in between. Worked example with the defaults: crash 1 restarts at once (streak 0),
     * then 10 s, 20 s, 40 s, 80 s, 160 s, 300 s, 300 s...
     */
    public Duration backoff(int streak) {
        if (streak <= 0) return Duration.ZERO;
        int doublings = Math.min(streak - 1, 30);  // 2^30 x anything is past any sane max
        Duration d = backoffInitial.multipliedBy(1L << doublings);
        return d.compareTo(backoffMax) > 0 ? backoffMax : d;
    }
}
