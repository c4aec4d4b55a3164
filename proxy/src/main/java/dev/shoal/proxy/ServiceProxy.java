package dev.shoal.proxy;

import dev.shoal.proxy.internal.NettyServiceProxy;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One node's Service proxy (Shoal's kube-proxy): listens on each Service's virtual IP and port
 * and relays every accepted TCP connection to one of the Service's ready backends.
 *
 * <p>The caller owns the desired state: it builds a {@link ProxyTable} from Services and their
 * endpoints and calls {@link #apply} whenever either changes. The proxy owns only sockets.
 *
 * <p>Threading: {@link #apply} and {@link #close} may be called from any thread except the
 * proxy's own event loops; concurrent calls are serialised. Connections are never blocked by an
 * apply: they read the current rule of their listener when they choose a backend.
 */
public interface ServiceProxy extends AutoCloseable {

    /** Starts the event loops; no listener is open until the first {@link #apply}. */
    static ServiceProxy start(ProxySettings settings, MeterRegistry registry) {
        return NettyServiceProxy.start(settings, registry);
    }

    /**
     * Makes the proxy match {@code table}: opens listeners that are new, closes those no longer
     * listed (and their connections), and swaps each kept listener's backends atomically:
     * a connection accepted after this call returns chooses among the new ready backends only.
     * Connections to a backend no longer listed at all (neither ready nor terminating) are closed;
     * connections to a terminating backend keep flowing. See {@link ProxyRule}.
     *
     * <p>Blocks until new listeners are bound and removed ones closed. Idempotent: applying the
     * same table again opens and closes nothing (it retries listeners that failed to bind).
     */
    ApplyResult apply(ProxyTable table);

    /** The table last applied (listeners that failed to bind are in it too). */
    ProxyTable table();

    /** The transport in use (epoll unless unavailable or NIO was asked for). */
    Transport transport();

    /** Closes every listener and connection and stops the event loops. */
    @Override
    void close();
}
