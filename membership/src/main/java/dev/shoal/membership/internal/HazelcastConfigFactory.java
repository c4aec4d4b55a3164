package dev.shoal.membership.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.shoal.membership.ClusterSettings;

/**
 * Settings in, Hazelcast {@link Config} out; a pure function, so the whole tuning of the cluster
 * can be read (and tested) in one place without starting anything.
 */
public final class HazelcastConfigFactory {

    /** Member attribute carrying the Shoal node name, so a Hazelcast member maps to a Node. */
    public static final String NODE_ATTRIBUTE = "shoal.node";

    /** Every Shoal map: kinds ({@code shoal.deployments}, ...) and {@code shoal.meta}. */
    static final String STATE_MAPS = "shoal.*";

    /**
     * Two synchronous backups: a write is acknowledged once three members hold it (or all of
     * them, in a smaller cluster), so it survives the crash of any single node, and of two in a
     * cluster of four or more.
     */
    static final int SYNC_BACKUPS = 2;

    /**
     * The first merge check after start-up waits this long: long enough for the initial joins
     * on a LAN to settle (so a slow starter joins instead of forming a second cluster that then
     * has to be merged), short enough that two halves of a healed partition find each other in
     * seconds rather than Hazelcast's default 5 minutes.
     */
    static final int MERGE_FIRST_RUN_DELAY_SECONDS = 5;
    /** Then look for other clusters to merge with this often (Hazelcast's default is 2 minutes). */
    static final int MERGE_NEXT_RUN_DELAY_SECONDS = 5;

    /**
     * The master waits this long after the first join request for more joiners, to admit them
     * in one batch. Hazelcast waits 5 s; on a LAN 1 s is plenty, and it is paid on every start.
     */
    static final int WAIT_SECONDS_BEFORE_JOIN = 1;

    private HazelcastConfigFactory() {}

    public static Config config(ClusterSettings settings, FailureDetection detection) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setInstanceName("shoal-" + settings.nodeName());
        config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, settings.nodeName());
        if (!settings.secret().isEmpty()) {
            config.getMemberAttributeConfig().setAttribute(JoinProof.ATTRIBUTE, JoinProof.of(settings.secret(),
                    settings.clusterName(), settings.bindAddress() + ":" + settings.clusterPort()));
        }
        config.getJetConfig().setEnabled(false); // no stream processing here; saves threads and heap

        network(config.getAdvancedNetworkConfig(), settings);
        properties(config, settings, detection);
        stateMaps(config, majority(settings));
        return config;
    }

    /**
     * Advanced networking with a member endpoint only: the member port then speaks only the
     * member protocol. With Hazelcast's default (unified) networking the same port also accepts
     * Hazelcast clients, which authenticate by cluster name alone and could read and write every
     * map; with no client endpoint configured, client connections are refused.
     */
    private static void network(AdvancedNetworkConfig network, ClusterSettings settings) {
        network.setEnabled(true);
        ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
        // One fixed port: peers are configured as host:port, so a member that silently moved to
        // the next port would be unreachable to them.
        member.setPort(settings.clusterPort()).setPortAutoIncrement(false);
        member.getInterfaces().setEnabled(true).addInterface(settings.bindAddress());
        network.setMemberEndpointConfig(member);

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);      // explicit peers only: no surprise members
        join.getAutoDetectionConfig().setEnabled(false);  // nor cloud discovery plugins
        join.getTcpIpConfig().setEnabled(true);
        for (String peer : settings.peers()) {
            join.getTcpIpConfig().addMember(peer);         // "host" or "host:port"; ourselves is fine
        }
    }

    private static void properties(Config config, ClusterSettings settings, FailureDetection detection) {
        // Not in ClusterProperty, but read by Hazelcast's address picker: the address we advertise.
        config.setProperty("hazelcast.local.localAddress", settings.bindAddress());
        set(config, ClusterProperty.SOCKET_BIND_ANY, "false");
        set(config, ClusterProperty.PHONE_HOME_ENABLED, "false");
        set(config, ClusterProperty.LOGGING_TYPE, "jdk");
        // No Hazelcast shutdown hook: on SIGTERM the agent's own hook closes the member in order
        // (final snapshot first, then a graceful leave that hands partitions over, so a rolling
        // restart loses no backups). Hazelcast's hook would race it and leave before the snapshot.
        set(config, ClusterProperty.SHUTDOWNHOOK_ENABLED, "false");

        set(config, ClusterProperty.HEARTBEAT_FAILURE_DETECTOR_TYPE, "deadline");
        set(config, ClusterProperty.HEARTBEAT_INTERVAL_SECONDS, Long.toString(detection.heartbeatInterval().toSeconds()));
        set(config, ClusterProperty.MAX_NO_HEARTBEAT_SECONDS, Long.toString(detection.maxNoHeartbeat().toSeconds()));

        set(config, ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS, Integer.toString(MERGE_FIRST_RUN_DELAY_SECONDS));
        set(config, ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS, Integer.toString(MERGE_NEXT_RUN_DELAY_SECONDS));
        set(config, ClusterProperty.WAIT_SECONDS_BEFORE_JOIN, Integer.toString(WAIT_SECONDS_BEFORE_JOIN));
        // A write is acknowledged only when every synchronous backup confirmed it. Hazelcast's
        // default acknowledges it after the backup timeout anyway, and then an owner cut off by a
        // partition takes the only copy with it (tests-chaos lost acknowledged writes that way).
        // The store re-sends an unconfirmed write (HazelcastStateStore#confirmed), so a slow but
        // healthy cluster sees latency rather than errors.
        set(config, ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE, "true");
    }

    /** Name of the split-brain protection every state map uses. */
    static final String MAJORITY = "shoal-majority";

    /**
     * Writes need a majority of the configured cluster (this node and its distinct peers): a side
     * of a partition that cannot see a majority refuses writes (and lease grants and renewals),
     * so nothing it acknowledges can be lost when the partition heals, and a cut-off leader
     * cannot keep acting. Reads keep working on every side. One node alone, with no peers, is its
     * own majority.
     */
    static int majority(ClusterSettings settings) {
        return ColdStart.expectedMembers(settings) / 2 + 1;
    }

    private static void stateMaps(Config config, int majority) {
        config.addSplitBrainProtectionConfig(new com.hazelcast.config.SplitBrainProtectionConfig(MAJORITY, majority > 1, majority)
                .setProtectOn(com.hazelcast.splitbrainprotection.SplitBrainProtectionOn.WRITE));
        MapConfig maps = new MapConfig(STATE_MAPS)
                .setBackupCount(SYNC_BACKUPS)
                .setAsyncBackupCount(0)        // an async backup can be lost with its owner: never acknowledged data
                .setReadBackupData(false)      // reads go to the owner, so a read after an acknowledged write sees it
                .setInMemoryFormat(InMemoryFormat.BINARY);
        maps.getMergePolicyConfig().setPolicy(NewerVersionMergePolicy.class.getName());
        maps.setSplitBrainProtectionName(MAJORITY);
        config.addMapConfig(maps);
    }

    private static void set(Config config, com.hazelcast.spi.properties.HazelcastProperty property, String value) {
        config.setProperty(property.getName(), value);
    }
}
