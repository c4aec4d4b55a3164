package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;
import dev.shoal.proxy.ListenAddress;
import io.netty.channel.Channel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One listening socket (a Service's virtual IP and port), its current {@link Route}, its
 * balancer, and the connections it has relayed that are still open.
 *
 * <p>The route is swapped by {@code apply} and read by the event loops. A connection that reaches
 * its backend registers itself and then checks {@link #admits}; an apply swaps the route and then
 * sweeps the registered connections. Whichever runs second sees the other's write, so a
 * connection to a backend that has just gone is closed either way.
 */
final class Frontend {
    final ListenAddress address;
    final Balancer balancer = new Balancer();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile Route route;
    private volatile boolean closed;
    private Channel server;   // set and closed by apply only

    Frontend(ListenAddress address, Route route) {
        this.address = address;
        this.route = route;
    }

    Route route() {
        return route;
    }

    boolean closed() {
        return closed;
    }

    void opened(Channel server) {
        this.server = server;
    }

    /** Swaps in a new rule; returns how many connections it closed because their backend is gone. */
    int update(Route next) {
        route = next;
        balancer.affinityChanged(next.rule().affinity());
        return closeGone();
    }

    void track(ProxiedConnection connection) {
        connections.add(connection);
    }

    void untrack(ProxiedConnection connection) {
        connections.remove(connection);
    }

    /** May a new connection to {@code backend} stay open now? */
    boolean admits(Backend backend) {
        return !closed && route.allows(backend);
    }

    /** Stops listening and closes every connection; returns how many connections it closed. */
    int close() {
        closed = true;
        if (server != null) server.close().awaitUninterruptibly();
        return closeGone();
    }

    private int closeGone() {
        int closedNow = 0;
        for (ProxiedConnection c : connections) {
            if (!admits(c.backend()) && connections.remove(c)) {
                c.close();
                closedNow++;
            }
        }
        return closedNow;
    }
}
