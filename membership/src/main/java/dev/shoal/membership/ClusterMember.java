package dev.shoal.membership;

import java.util.List;

/**
 * This agent's view of the cluster: who is in it, and its replicated state.
 * Only the agent's bootstrap sees {@link #close()}.
 */
public interface ClusterMember extends AutoCloseable {

    /** Starts (or joins) the cluster described by the settings; returns once this member has joined. */
    static ClusterMember start(ClusterSettings settings) {
        return dev.shoal.membership.internal.HazelcastClusterMember.start(settings);
    }

    String localNodeName();

    /** Names of the nodes currently in the cluster, this one included. */
    List<MemberInfo> members();

    /** How many members the cluster has now, this one included. */
    default int clusterSize() {
        return members().size();
    }

    /**
     * True when every partition's backups are in sync with its owner, i.e. the crash of any
     * single member now loses nothing. False for a while after a member joins or leaves, while
     * data migrates: an acknowledged write survives a crash only once this is true again.
     */
    default boolean isSafe() {
        return hazelcast().getPartitionService().isClusterSafe();
    }

    StateStore store();

    /**
     * Registers a listener for members joining and leaving.
     * Called on a Hazelcast event thread; must not block.
     */
    void addMembershipListener(MembershipListener listener);

    /** The underlying Hazelcast instance, for modules that build their own distributed structures. */
    com.hazelcast.core.HazelcastInstance hazelcast();

    @Override void close();

    record MemberInfo(String nodeName, String address, boolean local) {}

    interface MembershipListener {
        void memberJoined(MemberInfo member);
        void memberLeft(MemberInfo member);
    }
}
