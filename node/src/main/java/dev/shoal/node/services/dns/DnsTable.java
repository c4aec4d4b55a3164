package dev.shoal.node.services.dns;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names the cluster DNS answers for, at one moment: Service names under the cluster domain
 * mapped to addresses (a cluster IP, or a headless Service's ready endpoints) or to a canonical
 * name (an ExternalName Service). Immutable; the responder swaps whole tables.
 *
 * @param domain  the cluster domain, e.g. {@code cluster.local}; names outside it are not ours
 * @param records fully qualified lower-case names without the trailing dot
 */
public record DnsTable(String domain, Map<String, Record> records) {
    public static final String DEFAULT_DOMAIN = "cluster.local";

    public DnsTable {
        domain = domain.toLowerCase(Locale.ROOT);
        records = Map.copyOf(records);
    }

    public static DnsTable empty(String domain) {
        return new DnsTable(domain, Map.of());
    }

    /** What a name resolves to: addresses, or an alias, never both. */
    public record Record(List<String> addresses, String canonicalName) {
        public Record {
            addresses = List.copyOf(addresses);
            canonicalName = canonicalName == null ? "" : canonicalName;
        }

        static Record of(List<String> addresses) {
            return new Record(addresses, "");
        }

        static Record alias(String canonicalName) {
            return new Record(List.of(), canonicalName);
        }
    }

    /** The outcome of looking a name up. */
    public sealed interface Lookup {
        /** The name is ours and exists (the record may hold no address: a headless Service with no ready pod). */
        record Found(Record record) implements Lookup {}
        /** The name is under the cluster domain and does not exist (NXDOMAIN). */
        record NoSuchName() implements Lookup {}
        /** The name is outside the cluster domain: not ours to answer. */
        record NotOurs() implements Lookup {}
    }

    /** Looks up a query name as a resolver sends it (any case, with or without the trailing dot). */
    public Lookup lookup(String queryName) {
        String name = queryName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) name = name.substring(0, name.length() - 1);
        if (!name.equals(domain) && !name.endsWith("." + domain)) return new Lookup.NotOurs();
        Record r = records.get(name);
        if (r != null) return new Lookup.Found(r);
        // "svc.cluster.local" or "ns.svc.cluster.local" exist as names with no address of their own
        for (String known : records.keySet()) {
            if (known.endsWith("." + name)) return new Lookup.Found(Record.of(List.of()));
        }
        return new Lookup.NoSuchName();
    }
}
