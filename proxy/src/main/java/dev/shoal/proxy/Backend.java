package dev.shoal.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** One endpoint of a Service port: a pod's IP and target port. */
public record Backend(InetAddress ip, int port) {
    public Backend {
        if (ip == null) throw new IllegalArgumentException("backend.ip: must not be null");
        IpLiterals.port("backend.port", port);
    }

    /** @param ip an IP literal; host names are refused (no DNS on the proxy's event loop) */
    public static Backend of(String ip, int port) {
        return new Backend(IpLiterals.parse("backend.ip", ip), port);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(ip, port);
    }

    @Override
    public String toString() {
        return IpLiterals.format(ip, port);
    }
}
