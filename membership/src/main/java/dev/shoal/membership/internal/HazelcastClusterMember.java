package dev.shoal.membership.internal;

import dev.shoal.membership.ClusterMember;
import dev.shoal.membership.ClusterSettings;

/** Placeholder until the Hazelcast-backed member lands. */
public final class HazelcastClusterMember {
    private HazelcastClusterMember() {}

    public static ClusterMember start(ClusterSettings settings) {
        throw new UnsupportedOperationException("not built yet");
    }
}
