package dev.shoal.membership.internal;

import java.time.Duration;

/**
 * How fast a silent member is declared dead. Hazelcast's "deadline" detector: a member that has
 * sent no heartbeat for {@code maxNoHeartbeat} is suspected and removed; the check itself runs
 * once per {@code heartbeatInterval}, so a frozen member is gone after at most
 * {@code maxNoHeartbeat + heartbeatInterval}.
 *
 * <p>Deadline rather than phi-accrual: the bound is a plain sum an operator can read off, and
 * phi-accrual adapts to the recent heartbeat history, so after a quiet spell it can get
 * either jumpier or slower than the number in the config. A killed process is noticed much
 * faster than either, because its TCP connections close and Hazelcast suspects it after a few
 * failed reconnects.
 */
public record FailureDetection(Duration heartbeatInterval, Duration maxNoHeartbeat) {

    /**
     * 1 s heartbeats, removed after 4 s of silence: a frozen or cut-off member is gone within
     * ~5 s, so its pods are replaced within ~7.5 s (bench/failover.sh; the aim is under 10 s at
     * p99, where 5 s of silence left the slowest trials at 11 s), while a busy but healthy one must
     * miss four heartbeats in a row (a 4 s GC pause or run-queue stall) before it is falsely
     * removed. Hazelcast's defaults (5 s / 60 s) would leave pods of a dead node unreplaced for a
     * minute.
     */
    public static final FailureDetection DEFAULT =
            new FailureDetection(Duration.ofSeconds(1), Duration.ofSeconds(4));

    public FailureDetection {
        if (heartbeatInterval.toSeconds() < 1) throw new IllegalArgumentException("heartbeatInterval: Hazelcast counts whole seconds, must be >= 1s");
        if (maxNoHeartbeat.compareTo(heartbeatInterval.multipliedBy(2)) < 0)
            throw new IllegalArgumentException("maxNoHeartbeat must cover at least two heartbeats, or one late packet removes a member");
    }

    /** The longest a frozen (not killed) member stays in the member list. */
    public Duration worstCaseFrozenDetection() {
        return maxNoHeartbeat.plus(heartbeatInterval);
    }
}
