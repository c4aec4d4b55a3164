package dev.shoal.node.server;

import java.time.Duration;

/**
 * How much one client may ask of one node's API (the fixed limits on body, header and line
 * sizes are constants in {@link ApiServer}).
 *
 * @param rateLimit      requests a second per client, refilled continuously; 0: no limit
 * @param burst          requests a client may send at once before the rate applies
 * @param requestTimeout the most a request may take to arrive, first byte to last (slowloris)
 */
public record ApiLimits(double rateLimit, int burst, Duration requestTimeout) {
    /**
     * 100/s with bursts of 200: kubectl's own client-side default is 5/s (burst 10) and even
     * {@code kubectl apply -f} of a large directory stays far below; Shoal's controllers write to
     * the store directly, and agents' calls to each other are exempt. 30 s to send one request is
     * generous to a slow link (3 MiB, the largest body, at 1 Mbit/s takes 25 s).
     */
    public static final ApiLimits DEFAULTS = new ApiLimits(100, 200, Duration.ofSeconds(30));

    public ApiLimits {
        if (rateLimit < 0) throw new IllegalArgumentException("api-rate-limit: must be 0 (off) or more, not " + rateLimit);
        if (rateLimit > 0 && burst < 1) throw new IllegalArgumentException("api-burst: must be at least 1, not " + burst);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("api-request-timeout: must be more than 0");
        }
    }
}
