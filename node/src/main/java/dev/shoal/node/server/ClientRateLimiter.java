package dev.shoal.node.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per client: a client may send {@code burst} requests at once and then
 * {@code qps} a second, refilled continuously. A request that finds its bucket empty is refused
 * with how long until a token is there (Retry-After). Pure: time comes from the injected clock.
 *
 * <p>Worked example, qps 100 and burst 200: a client that sends 300 requests at once gets 200 in
 * and 100 refused with Retry-After 1 s; 0.5 s later its bucket holds 50 tokens again. A client
 * that never exceeds 100 a second never sees a refusal.
 *
 * <p>Memory is bounded: when more than {@link #SWEEP_AT} clients have buckets, the full ones (an
 * idle client's) are dropped, as they would read the same when next created; if that leaves more
 * than {@link #MAX_CLIENTS}, new clients share one bucket until old ones refill.
 */
public final class ClientRateLimiter {
    static final int SWEEP_AT = 10_000;
    static final int MAX_CLIENTS = 100_000;
    /** Where new clients go when every slot is taken: they share a budget rather than grow the map. */
    static final String OVERFLOW = "(too many clients)";

    /** The answer for one request. */
    public sealed interface Decision {
        record Admitted() implements Decision {}
        /** @param retryAfter until the client's next token, at least a second (HTTP's Retry-After counts whole seconds) */
        record Limited(Duration retryAfter) implements Decision {}
    }

    private static final Decision ADMITTED = new Decision.Admitted();

    private final double qps;
    private final double burst;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** A sweep walks every bucket: at most one a second, however many newcomers arrive. */
    private final java.util.concurrent.atomic.AtomicReference<Instant> lastSweep = new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN);

    /** @param qps tokens per second per client; 0 turns limiting off */
    public ClientRateLimiter(double qps, int burst, Clock clock) {
        if (qps < 0 || burst < 1 && qps > 0) throw new IllegalArgumentException("rate limit " + qps + "/s, burst " + burst);
        this.qps = qps;
        this.burst = burst;
        this.clock = clock;
    }

    public double qps() {
        return qps;
    }

    public boolean enabled() {
        return qps > 0;
    }

    /** Takes a token from {@code client}'s bucket if there is one. Thread-safe. */
    public Decision acquire(String client) {
        if (!enabled()) return ADMITTED;
        Instant now = clock.instant();
        if (buckets.size() > SWEEP_AT && !buckets.containsKey(client)) sweep(now);
        String key = buckets.size() >= MAX_CLIENTS && !buckets.containsKey(client) ? OVERFLOW : client;
        Decision[] out = new Decision[1];
        buckets.compute(key, (k, b) -> {
            Bucket bucket = b == null ? new Bucket(burst, now) : b.refilled(now, qps, burst);
            if (bucket.tokens >= 1) {
                out[0] = ADMITTED;
                return new Bucket(bucket.tokens - 1, bucket.at);
            }
            double missing = 1 - bucket.tokens;
            long waitMillis = (long) Math.ceil(missing / qps * 1000);
            out[0] = new Decision.Limited(Duration.ofSeconds(Math.max(1, (waitMillis + 999) / 1000)));
            return bucket;
        });
        return out[0];
    }

    /** Clients with a bucket; for tests. */
    int clients() {
        return buckets.size();
    }

    private void sweep(Instant now) {
        Instant last = lastSweep.get();
        if (now.isBefore(last.plusSeconds(1)) || !lastSweep.compareAndSet(last, now)) return;
        buckets.entrySet().removeIf(e -> e.getValue().refilled(now, qps, burst).tokens >= burst);
    }

    /** Tokens as of an instant; immutable, replaced under the map's lock for its key. */
    private record Bucket(double tokens, Instant at) {
        Bucket refilled(Instant now, double qps, double burst) {
            // a clock stepped backwards refills nothing rather than going negative
            if (!now.isAfter(at)) return this;
            double seconds = Duration.between(at, now).toNanos() / 1e9;
            return new Bucket(Math.min(burst, tokens + seconds * qps), now);
        }
    }
}
