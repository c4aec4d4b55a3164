package dev.shoal.node.cli;

import java.time.Duration;
import java.util.Optional;

/**
 * When the CLI waits and asks again: a 429 (the agent's per-client rate limit) with a
 * {@code Retry-After} of whole seconds, as client-go does, a bounded number of times and never for
 * long. Anything else, or a wait longer than {@link #MAX_WAIT}, is returned to the user as the
 * Status it is, whose message says when to retry.
 */
final class RetryAfter {
    /** client-go retries up to 10 times; a person at a terminal should not wait that long. */
    static final int MAX_RETRIES = 3;
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private RetryAfter() {}

    /** @param retriesSoFar how many times this request was already repeated */
    static Optional<Duration> delay(int status, Optional<String> retryAfter, int retriesSoFar) {
        if (status != 429 || retriesSoFar >= MAX_RETRIES || retryAfter.isEmpty()) return Optional.empty();
        long seconds;
        try {
            seconds = Long.parseLong(retryAfter.get().trim());
        } catch (NumberFormatException notSeconds) {
            return Optional.empty(); // an HTTP date: not what Shoal or Kubernetes send
        }
        if (seconds < 0 || seconds > MAX_WAIT.toSeconds()) return Optional.empty();
        return Optional.of(Duration.ofSeconds(Math.max(1, seconds)));
    }
}
