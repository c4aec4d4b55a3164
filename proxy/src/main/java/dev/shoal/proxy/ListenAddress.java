package dev.shoal.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where the proxy listens for one Service port: its virtual IP (cluster IP), port and protocol.
 * On Linux any address in 127.0.0.0/8 can be bound without configuring it; a cluster IP outside
 * loopback must be assigned to a local interface (e.g. a dummy one) before it can be bound.
 */
public record ListenAddress(InetAddress ip, int port, Protocol protocol) {
    public ListenAddress {
        if (ip == null) throw new IllegalArgumentException("listen.ip: must not be null");
        IpLiterals.port("listen.port", port);
        if (protocol == null) throw new IllegalArgumentException("listen.protocol: must not be null");
    }

    /** @param ip an IP literal such as {@code 10.96.0.10} or {@code fd00::a}; host names are refused */
    public static ListenAddress tcp(String ip, int port) {
        return new ListenAddress(IpLiterals.parse("listen.ip", ip), port, Protocol.TCP);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(ip, port);
    }

    @Override
    public String toString() {
        return IpLiterals.format(ip, port) + "/" + protocol;
    }
}
