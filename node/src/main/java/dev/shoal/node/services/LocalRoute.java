package dev.shoal.node.services;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Makes the cluster IP range local to this machine, so the node's proxy can listen on every
 * cluster IP without an interface per address. A loopback range already is (all of 127/8 is
 * local on Linux). Any other range gets one route in the kernel's local table, the way 127/8 has
 * one: {@code ip route replace local RANGE dev lo table local}. Docker containers need a range
 * like that: their own 127/8 is their own, but their default route leads to the host, which then
 * delivers cluster IPs locally instead of forwarding them. Installing the route needs
 * CAP_NET_ADMIN; without it the operator runs that command once per machine.
 */
public final class LocalRoute {
    private static final Logger LOG = Logger.getLogger(LocalRoute.class.getName());

    private LocalRoute() {}

    /** @return whether the range's addresses can be listened on here (checked, not assumed) */
    public static boolean ensure(Ipv4Range range) {
        if (isLocal(range)) return true;
        String cidr = range.toString();
        try {
            Process ip = new ProcessBuilder("ip", "route", "replace", "local", cidr, "dev", "lo", "table", "local")
                    .redirectErrorStream(true).start();
            String output = new String(ip.getInputStream().readAllBytes()).trim();
            if (!ip.waitFor(5, TimeUnit.SECONDS) || ip.exitValue() != 0) {
                LOG.severe("cluster IPs in " + cidr + " are not local to this machine and the route could not be added ("
                        + output + "); run as root: ip route replace local " + cidr + " dev lo table local");
                return false;
            }
        } catch (IOException e) {
            LOG.severe("cluster IPs in " + cidr + " are not local to this machine, and 'ip' could not be run ("
                    + e.getMessage() + "); run as root: ip route replace local " + cidr + " dev lo table local");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        boolean local = isLocal(range);
        if (local) LOG.info("cluster IPs in " + cidr + " are routed locally (table local, dev lo)");
        return local;
    }

    /** Whether the range's first address can be bound: true only if the kernel treats it as this machine's. */
    static boolean isLocal(Ipv4Range range) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(range.address(0)), 0));
            return true;
        } catch (IOException notLocal) {
            return false;
        }
    }
}
