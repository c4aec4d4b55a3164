package dev.shoal.proxy;

import java.time.Duration;

/** A Service's {@code spec.sessionAffinity}: where a client's next connection goes. */
public sealed interface SessionAffinity {

    /** Kubernetes' default {@code sessionAffinityConfig.clientIP.timeoutSeconds}: three hours. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10800);

    /** Kubernetes' upper bound on the timeout: one day. */
    Duration MAX_TIMEOUT = Duration.ofSeconds(86400);

    SessionAffinity NONE = new None();

    /** Every new connection is balanced round robin over the ready backends. */
    record None() implements SessionAffinity {
    }

    /**
     * A client IP keeps going to the same backend while that backend stays ready and the client
     * opened a connection within {@code timeout} (each new connection restarts the timeout).
     */
    record ClientIp(Duration timeout) implements SessionAffinity {
        public ClientIp {
            if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("sessionAffinityConfig.clientIP.timeoutSeconds: must be in 1..86400, got "
                        + (timeout == null ? null : timeout.toSeconds()));
            }
        }
    }

    static SessionAffinity clientIp() {
        return new ClientIp(DEFAULT_TIMEOUT);
    }
}
