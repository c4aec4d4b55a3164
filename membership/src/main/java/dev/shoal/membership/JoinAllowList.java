package dev.shoal.membership;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks members may join from ({@code --cluster-allow}): CIDRs such as 192.0.2.0/24, or
 * single addresses. Empty: any address (the cluster secret alone decides). Checked by the master
 * on every join request, before the secret, so a stranger outside them is refused without even
 * a proof being computed. Pure: parsing and matching, no lookups (only literal addresses).
 */
public final class JoinAllowList {
    public static final JoinAllowList ANY = new JoinAllowList(List.of(), List.of());

    private final List<String> entries;
    private final List<Network> networks;

    private JoinAllowList(List<String> entries, List<Network> networks) {
        this.entries = entries;
        this.networks = networks;
    }

    /** @throws IllegalArgumentException naming the entry that is not an address or CIDR */
    public static JoinAllowList parse(List<String> entries) {
        List<Network> networks = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.strip();
            if (e.isEmpty()) continue;
            networks.add(Network.parse(e));
            kept.add(e);
        }
        return new JoinAllowList(List.copyOf(kept), List.copyOf(networks));
    }

    public boolean allowsAny() {
        return networks.isEmpty();
    }

    /** Whether a member may join from {@code host} (a literal address, as Hazelcast reports it). */
    public boolean allows(String host) {
        if (networks.isEmpty()) return true;
        byte[] address = literal(host);
        if (address == null) return false;
        for (Network n : networks) if (n.contains(address)) return true;
        return false;
    }

    public List<String> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return networks.isEmpty() ? "any" : String.join(",", entries);
    }

    /** The bytes of a literal IPv4 or IPv6 address, or null for anything else (never a DNS lookup). */
    static byte[] literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = h.contains(":") && h.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+");
        if (!ipv4 && !ipv6) return null;
        try {
            return InetAddress.getByName(h).getAddress();  // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Network(byte[] prefix, int bits) {
        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            String addr = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(addr);
            if (bytes == null) throw new IllegalArgumentException(entry + " is not an IP address or CIDR (e.g. 192.0.2.0/24)");
            int max = bytes.length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(entry + ": the prefix length must be a number from 0 to " + max);
            }
            if (bits < 0 || bits > max) throw new IllegalArgumentException(entry + ": the prefix length must be from 0 to " + max);
            return new Network(bytes, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) return false;
            }
            return true;
        }
    }
}
