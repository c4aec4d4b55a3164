package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;
import dev.shoal.proxy.SessionAffinity;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load-balancing state of one listener: its round-robin counter and its affinity table.
 * It outlives rule changes, so a client stays on its backend across an apply that keeps it.
 * Thread-safe: every event loop chooses through it.
 */
final class Balancer {
    private final AtomicLong ticket = new AtomicLong();
    private final AffinityTable affinity = new AffinityTable();

    /**
     * The backend for the next connection attempt of {@code client}, or null if every ready
     * backend was tried. With ClientIP affinity the choice becomes the client's sticky backend at
     * once, so a second connection racing the first goes to the same place.
     *
     * @param tried the backends this client connection tried already, in order
     */
    Backend choose(SessionAffinity mode, ReadySet ready, InetAddress client, List<Backend> tried, long nowNanos) {
        if (mode instanceof SessionAffinity.ClientIp clientIp) {
            Backend chosen = Picker.sticky(ready, tried, affinity.lookup(client, nowNanos, clientIp.timeout().toNanos()));
            if (chosen == null) chosen = Picker.roundRobin(ready, tried, ticket(ready, tried));
            if (chosen != null) affinity.remember(client, chosen, nowNanos);
            return chosen;
        }
        return Picker.roundRobin(ready, tried, ticket(ready, tried));
    }

    /**
     * A retry continues after the backend that failed; a first attempt takes the next ticket.
     * Clients that use their sticky backend take none, so new clients spread evenly.
     */
    private long ticket(ReadySet ready, List<Backend> tried) {
        long retry = Picker.retryTicket(ready, tried);
        return retry >= 0 ? retry : ticket.getAndIncrement();
    }

    /** Called when a rule changes: affinity switched off forgets every client. */
    void affinityChanged(SessionAffinity mode) {
        if (!(mode instanceof SessionAffinity.ClientIp)) affinity.clear();
    }

    void sweep(SessionAffinity mode, long nowNanos) {
        if (mode instanceof SessionAffinity.ClientIp clientIp) affinity.sweep(nowNanos, clientIp.timeout().toNanos());
    }

    int stickyClients() {
        return affinity.size();
    }
}
