package dev.shoal.node.services;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * {@link Allocations} in the cluster's {@code shoal.allocations} map: a claim is one atomic
 * putIfAbsent on the key's partition owner, replicated like every state map and refused on a
 * side of a split that cannot see a majority (the write fails with 503 upstream).
 */
public final class ClusterAllocations implements Allocations {
    private final IMap<String, String> map;

    public ClusterAllocations(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap("shoal.allocations");
    }

    @Override
    public boolean claim(String value, String owner) {
        String prior = map.putIfAbsent(value, owner);
        return prior == null || prior.equals(owner);
    }

    @Override
    public void release(String value, String owner) {
        map.remove(value, owner);
    }

    @Override
    public String owner(String value) {
        String o = map.get(value);
        return o == null ? "" : o;
    }
}
