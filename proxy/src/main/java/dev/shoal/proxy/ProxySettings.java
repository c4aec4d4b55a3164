package dev.shoal.proxy;

import java.time.Duration;

/**
 * How one node's proxy runs.
 *
 * @param eventLoopThreads   threads that carry every connection; each connection lives on one
 * @param connectTimeout     how long one attempt to reach a backend may take before the next is tried
 * @param maxConnectAttempts how many backends one client connection may try (each at most once)
 * @param transport          epoll or NIO
 */
public record ProxySettings(int eventLoopThreads, Duration connectTimeout, int maxConnectAttempts, Transport transport) {

    public ProxySettings {
        if (eventLoopThreads < 1) throw new IllegalArgumentException("eventLoopThreads: must be at least 1, got " + eventLoopThreads);
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout: must be positive, got " + connectTimeout);
        }
        if (maxConnectAttempts < 1) throw new IllegalArgumentException("maxConnectAttempts: must be at least 1, got " + maxConnectAttempts);
        if (transport == null) throw new IllegalArgumentException("transport: must not be null");
    }

    public static ProxySettings defaults() {
        return new ProxySettings(
                // a proxy thread per core; each connection stays on one, so more would only add switches
                Runtime.getRuntime().availableProcessors(),
                // a backend on the same LAN answers a SYN in well under a millisecond; 2 s covers a
                // dropped SYN (the kernel resends it after 1 s) while keeping a dead pod's cost bounded
                Duration.ofSeconds(2),
                // a pod being deleted refuses connections until membership catches up; three tries
                // hide two such pods from a client, and bound a refused client's wait to 3 timeouts
                3,
                Transport.best());
    }

    public ProxySettings withEventLoopThreads(int threads) {
        return new ProxySettings(threads, connectTimeout, maxConnectAttempts, transport);
    }

    public ProxySettings withConnectTimeout(Duration timeout) {
        return new ProxySettings(eventLoopThreads, timeout, maxConnectAttempts, transport);
    }

    public ProxySettings withMaxConnectAttempts(int attempts) {
        return new ProxySettings(eventLoopThreads, connectTimeout, attempts, transport);
    }

    public ProxySettings withTransport(Transport transport) {
        return new ProxySettings(eventLoopThreads, connectTimeout, maxConnectAttempts, transport);
    }
}
