package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.Locale;

/**
 * A port a pod binds on its node's network. Two pods conflict on a node when they ask for the same
 * protocol and port. (Kubernetes also distinguishes host IPs; Shoal binds all interfaces.)
 *
 * @param protocol "TCP", "UDP" or "SCTP"; null means TCP, as in Kubernetes
 * @param port 1..65535
 */
public record HostPort(String protocol, int port) implements Serializable {
    public HostPort {
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol.toUpperCase(Locale.ROOT);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("hostPort: must be between 1 and 65535, got " + port);
        }
    }

    public static HostPort tcp(int port) {
        return new HostPort("TCP", port);
    }

    @Override
    public String toString() {
        return port + "/" + protocol;
    }
}
