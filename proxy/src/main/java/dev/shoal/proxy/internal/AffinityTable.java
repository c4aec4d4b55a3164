package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ClientIP session affinity of one listener: client IP -> the backend it last connected to, and
 * when. Shared by the event loops (connections of one client may land on any of them).
 * Times are {@link System#nanoTime()}-style monotonic nanoseconds, passed in by the caller.
 */
final class AffinityTable {

    /** A client's backend and when its last new connection was made. */
    record Sticky(Backend backend, long lastConnectNanos) {
        /** Kubernetes counts the timeout from the client's last new connection. */
        boolean live(long nowNanos, long timeoutNanos) {
            return nowNanos - lastConnectNanos < timeoutNanos;
        }
    }

    private final ConcurrentHashMap<InetAddress, Sticky> entries = new ConcurrentHashMap<>();

    /** The client's backend if it connected within the timeout; null otherwise. */
    Backend lookup(InetAddress client, long nowNanos, long timeoutNanos) {
        Sticky sticky = entries.get(client);
        return sticky != null && sticky.live(nowNanos, timeoutNanos) ? sticky.backend() : null;
    }

    void remember(InetAddress client, Backend backend, long nowNanos) {
        entries.put(client, new Sticky(backend, nowNanos));
    }

    /** Forgets clients whose timeout has passed; returns how many. Keeps the table bounded by active clients. */
    int sweep(long nowNanos, long timeoutNanos) {
        int before = entries.size();
        entries.values().removeIf(s -> !s.live(nowNanos, timeoutNanos));
        return before - entries.size();
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
