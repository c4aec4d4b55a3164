package dev.shoal.node.services.dns;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the node's cluster DNS is set up ({@code --cluster-domain}, {@code --cluster-dns},
 * {@code --cluster-dns-port}, {@code --cluster-dns-upstream}).
 *
 * @param domain   the cluster domain (Kubernetes' default cluster.local)
 * @param address  where every node answers; empty to take the tenth address of the cluster IP
 *                 range (as kube-dns takes 10.96.0.10), "none" to run no DNS
 * @param port     53 for containers (their resolver has no port setting); another for tests by hand
 * @param upstream "auto" (the first nameserver of /etc/resolv.conf), "none", or HOST:PORT
 */
public record DnsSettings(String domain, String address, int port, String upstream) {
    public static final DnsSettings DEFAULTS = new DnsSettings(DnsTable.DEFAULT_DOMAIN, "", 53, "auto");

    public DnsSettings {
        domain = domain == null || domain.isBlank() ? DnsTable.DEFAULT_DOMAIN : domain.toLowerCase(java.util.Locale.ROOT);
        address = address == null ? "" : address;
        upstream = upstream == null || upstream.isBlank() ? "auto" : upstream;
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + ": must be 1-65535");
    }

    public boolean enabled() {
        return !address.equals("none");
    }

    /**
     * Where names outside the cluster domain go. "auto" reads the host's resolver configuration
     * and skips the cluster DNS itself (a loop).
     */
    public Optional<InetSocketAddress> upstreamAddress(String clusterDnsAddress, Path resolvConf) {
        if (upstream.equals("none")) return Optional.empty();
        if (!upstream.equals("auto")) {
            int colon = upstream.lastIndexOf(':');
            if (colon < 0) return Optional.of(new InetSocketAddress(upstream, 53));
            return Optional.of(new InetSocketAddress(upstream.substring(0, colon), Integer.parseInt(upstream.substring(colon + 1))));
        }
        try {
            return nameservers(Files.readAllLines(resolvConf)).stream().filter(ns -> !ns.equals(clusterDnsAddress))
                    .findFirst().map(ns -> new InetSocketAddress(ns, 53));
        } catch (java.io.IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The IPv4 nameservers of a resolv.conf, in order. */
    static List<String> nameservers(List<String> lines) {
        return lines.stream().map(String::trim).filter(l -> l.startsWith("nameserver"))
                .map(l -> l.substring("nameserver".length()).trim())
                .filter(dev.shoal.api.Names::isIPv4).toList();
    }
}
