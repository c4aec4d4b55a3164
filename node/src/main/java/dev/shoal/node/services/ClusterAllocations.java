package dev.shoal.node.services;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Allocations} in the cluster's {@code shoal.allocations} map: a claim is one atomic
 * putIfAbsent on the key's partition owner, replicated like every state map and refused on a
 * side of a split that cannot see a majority (the write fails with 503 upstream). Each entry is
 * {@code owner@claimedAtMillis}, so {@link AllocationRepair} can tell a claim whose Service never
 * came (its agent died between claim and create) from one still on its way.
 */
public final class ClusterAllocations implements Allocations {
    private final IMap<String, String> map;
    private final Clock clock;

    public ClusterAllocations(HazelcastInstance hazelcast, Clock clock) {
        this.map = hazelcast.getMap("shoal.allocations");
        this.clock = clock;
    }

    @Override
    public boolean claim(String value, String owner) {
        String prior = map.putIfAbsent(value, owner + "@" + clock.millis());
        return prior == null || ownerOf(prior).equals(owner);
    }

    @Override
    public void release(String value, String owner) {
        String current = map.get(value);
        if (current != null && ownerOf(current).equals(owner)) map.remove(value, current);  // only the entry we read
    }

    @Override
    public String owner(String value) {
        String o = map.get(value);
        return o == null ? "" : ownerOf(o);
    }

    /** Every claim: value -> (owner, when). */
    Map<String, Claim> claims() {
        Map<String, Claim> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, new Claim(ownerOf(v), claimedAt(v), v)));
        return out;
    }

    /** Drops a claim if it is still exactly what was read. */
    void drop(String value, Claim claim) {
        map.remove(value, claim.raw());
    }

    record Claim(String owner, Instant claimedAt, String raw) {}

    private static String ownerOf(String entry) {
        int at = entry.lastIndexOf('@');
        return at < 0 ? entry : entry.substring(0, at);
    }

    private static Instant claimedAt(String entry) {
        int at = entry.lastIndexOf('@');
        try {
            return at < 0 ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(entry.substring(at + 1)));
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }
}
