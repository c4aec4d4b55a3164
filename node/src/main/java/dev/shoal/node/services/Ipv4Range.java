package dev.shoal.node.services;

import dev.shoal.api.Names;

/**
 * A block of IPv4 addresses in CIDR form, as {@code --service-cluster-ip-range} takes it.
 * The block's first address (the network) and, from /30 up, its last (broadcast) are never
 * handed out, as Kubernetes does. Pure.
 */
public record Ipv4Range(long network, int prefix) {
    public Ipv4Range {
        if (prefix < 8 || prefix > 30) throw new IllegalArgumentException("prefix /" + prefix + ": must be from /8 to /30");
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((network & ~mask & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException(format(network) + "/" + prefix + ": host bits are set; did you mean "
                    + format(network & mask) + "/" + prefix + "?");
        }
    }

    /** Parses "127.10.0.0/16". */
    public static Ipv4Range parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("\"" + cidr + "\": expected an address block like 127.10.0.0/16");
        String ip = cidr.substring(0, slash);
        if (!Names.isIPv4(ip)) throw new IllegalArgumentException("\"" + cidr + "\": " + ip + " is not an IPv4 address");
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + cidr + "\": the prefix length is not a number");
        }
        return new Ipv4Range(toLong(ip), prefix);
    }

    /** How many addresses can be handed out. */
    public long usable() {
        return (1L << (32 - prefix)) - 2;
    }

    /** The i-th usable address, 0 <= i < usable(). */
    public String address(long i) {
        if (i < 0 || i >= usable()) throw new IndexOutOfBoundsException(i);
        return format(network + 1 + i);
    }

    /**
     * The address every node's cluster DNS answers on unless told otherwise: the tenth, as
     * kube-dns takes 10.96.0.10 of 10.96.0.0/12 (the last usable in a block smaller than that).
     * The allocator never gives it to a Service.
     */
    public String dnsAddress() {
        return address(Math.min(9, usable() - 1));
    }

    /** Whether the block lies in 127.0.0.0/8, which a container's network namespace has for itself. */
    public boolean isLoopback() {
        return (network >> 24) == 127;
    }

    /** Whether {@code ip} is a usable address of this block. */
    public boolean contains(String ip) {
        if (!Names.isIPv4(ip)) return false;
        long v = toLong(ip);
        return v > network && v < network + (1L << (32 - prefix)) - 1;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }

    static long toLong(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) v = (v << 8) | Integer.parseInt(part);
        return v;
    }

    static String format(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
