package dev.shoal.membership.lease;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Leases over Hazelcast: one entry per led thing in {@code shoal.leases} (two synchronous backups,
 * like all Shoal maps). There is no global leader: each key's lease is granted on that key's
 * partition owner, and the partition owner is also the preferred holder, so controller work is
 * spread over the cluster as partitions are.
 */
public final class Leases {
    public static final String MAP = "shoal.leases";
    /** The member attribute holding the Shoal node name (see HazelcastConfigFactory). */
    private static final String NODE_ATTRIBUTE = "shoal.node";

    private final HazelcastInstance hz;
    private final IMap<String, Lease> map;
    private final String localNode;

    public Leases(HazelcastInstance hz, String localNode) {
        this.hz = hz;
        this.map = hz.getMap(MAP);
        this.localNode = localNode;
    }

    /**
     * Tries to take or renew the lease for {@code key}. Returns the lease as it now stands: it is
     * ours if {@code holder} is this node. Blocks on the network; never call on an event thread.
     */
    public Lease tryAcquire(String key, Duration duration) {
        return tryAcquire(key, duration, 0);
    }

    /** As {@link #tryAcquire(String, Duration)}, granted (or renewed) at {@code minEpoch} at least; see {@link LeaseDecision}. */
    public Lease tryAcquire(String key, Duration duration, long minEpoch) {
        return map.executeOnKey(key, new LeaseProcessor(LeaseProcessor.Action.ACQUIRE, localNode,
                duration.toMillis(), minEpoch, memberNodes()));
    }

    /** Gives the lease up (a graceful hand-over), if this node still holds it under {@code epoch}. */
    public void release(String key, long epoch) {
        map.executeOnKey(key, new LeaseProcessor(LeaseProcessor.Action.RELEASE, localNode, 0, epoch, Set.of()));
    }

    public Optional<Lease> current(String key) {
        return Optional.ofNullable(map.get(key));
    }

    /** True if this member owns the key's partition: the preferred holder of its lease. */
    public boolean isPreferredHere(String key) {
        Partition p = hz.getPartitionService().getPartition(key);
        Member owner = p.getOwner();
        return owner != null && owner.localMember();
    }

    private Set<String> memberNodes() {
        Set<String> names = new HashSet<>();
        for (Member m : hz.getCluster().getMembers()) {
            String n = m.getAttribute(NODE_ATTRIBUTE);
            if (n != null) names.add(n);
        }
        return names;
    }
}
