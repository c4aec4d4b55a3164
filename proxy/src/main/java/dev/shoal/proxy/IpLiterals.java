package dev.shoal.proxy;

import io.netty.util.NetUtil;

import java.net.InetAddress;

/** Parses IP literals only: a host name here would mean a DNS lookup on an event loop. */
final class IpLiterals {
    private IpLiterals() {
    }

    static InetAddress parse(String field, String ip) {
        InetAddress address = ip == null ? null : NetUtil.createInetAddressFromIpAddressString(ip);
        if (address == null) throw new IllegalArgumentException(field + ": must be an IP address, got '" + ip + "'");
        return address;
    }

    static int port(String field, int port) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException(field + ": must be in 1..65535, got " + port);
        return port;
    }

    static String format(InetAddress ip, int port) {
        String host = NetUtil.toAddressString(ip);   // RFC 5952: fd00::a, not fd00:0:0:0:0:0:0:a
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
