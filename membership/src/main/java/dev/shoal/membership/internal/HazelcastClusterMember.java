package dev.shoal.membership.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import dev.shoal.membership.ClusterMember;
import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.StateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link ClusterMember} that is an embedded Hazelcast member. Start-up order matters:
 * join, restore the local snapshot if the cluster needs it, and only then start writing
 * snapshots (an empty new cluster must not overwrite a good snapshot before it is restored).
 */
public final class HazelcastClusterMember implements ClusterMember {

    /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    static {
        // Hazelcast logs every partition migration, connection and start-up phase at INFO.
        quiet("com.hazelcast", Level.WARNING);
        // ...but members joining and leaving are what an operator wants to see.
        quiet("com.hazelcast.internal.cluster.ClusterService", Level.INFO);
    }

    private final ClusterSettings settings;
    private final HazelcastInstance hazelcast;
    private final HazelcastStateStore store;
    private final SnapshotWriter snapshots;

    private HazelcastClusterMember(ClusterSettings settings, HazelcastInstance hazelcast,
                                   HazelcastStateStore store, SnapshotWriter snapshots) {
        this.settings = settings;
        this.hazelcast = hazelcast;
        this.store = store;
        this.snapshots = snapshots;
    }

    public static ClusterMember start(ClusterSettings settings) {
        return start(settings, FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
    }

    public static HazelcastClusterMember start(ClusterSettings settings, FailureDetection detection,
                                               StoreOptions options, Clock clock) {
        com.hazelcast.config.Config config = HazelcastConfigFactory.config(settings, detection);
        HazelcastInstance hz = com.hazelcast.instance.impl.HazelcastInstanceFactory.newHazelcastInstance(config,
                config.getInstanceName(), SecretCheckingNodeExtension.context(settings.secret(), settings.clusterName(), settings.allowedJoins()));
        HazelcastStateStore store = null;
        try {
            store = new HazelcastStateStore(hz, clock, options);
            SnapshotFile file = new SnapshotFile(settings.dataDir());
            java.util.Optional<Snapshot> snapshot = file.read();
            long onDisk = snapshot.map(Snapshot::resourceVersion).orElse(0L);
            try {
                if (store.counterValue() == 0 && !settings.peers().isEmpty()) {
                    long snapshotRv = snapshot.map(Snapshot::resourceVersion).orElse(0L);
                    if (!ColdStart.shouldRestore(hz, store.metaMap(), HazelcastStateStore.RESTORED_KEY, settings, snapshotRv)) {
                        snapshot = java.util.Optional.empty();
                    }
                }
                SnapshotRestorer.restore(store, snapshot);
            } catch (dev.shoal.api.ApiException | com.hazelcast.core.HazelcastException noMajority) {
                // Fewer than a majority of the configured peers came up: the cluster cannot take
                // writes yet, and this snapshot stays on disk for the next cold start (the writer
                // never replaces it with an older state).
                java.util.logging.Logger.getLogger(HazelcastClusterMember.class.getName()).warning(
                        "snapshot not restored: " + noMajority.getMessage());
            }
            HazelcastStateStore s = store;
            SnapshotWriter writer = new SnapshotWriter(file, s::export, s::exportFromCluster, SnapshotWriter.DEBOUNCE, onDisk);
            store.addChangeListener(writer::changed);
            writer.changed(); // the first snapshot, so a node that only ever reads still has one
            return new HazelcastClusterMember(settings, hz, store, writer);
        } catch (IOException | RuntimeException e) {
            if (store != null) store.close();
            hz.shutdown();
            if (e instanceof IOException io) throw new UncheckedIOException("cannot read the snapshot in " + settings.dataDir(), io);
            throw (RuntimeException) e;
        }
    }

    @Override
    public String localNodeName() {
        return settings.nodeName();
    }

    @Override
    public List<MemberInfo> members() {
        List<MemberInfo> out = new ArrayList<>();
        for (Member m : hazelcast.getCluster().getMembers()) out.add(info(m));
        return out;
    }

    @Override
    public StateStore store() {
        return store;
    }

    @Override
    public void addMembershipListener(MembershipListener listener) {
        // Hazelcast calls this on its event thread; the listener must not block (see the interface).
        hazelcast.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                listener.memberJoined(info(event.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.memberLeft(info(event.getMember()));
            }
        });
    }

    @Override
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** Test access to the concrete store (snapshot and counter internals). */
    HazelcastStateStore stateStore() {
        return store;
    }

    /** Graceful: writes a last snapshot, then hands this member's partitions over before leaving. */
    @Override
    public void close() {
        if (hazelcast.getLifecycleService().isRunning()) {
            snapshots.close();
        } else {
            snapshots.abandon(); // terminated under us: the last good snapshot on disk stays
        }
        store.close();
        hazelcast.shutdown();
    }

    private static MemberInfo info(Member m) {
        String node = m.getAttribute(HazelcastConfigFactory.NODE_ATTRIBUTE);
        String address = m.getAddress().getHost() + ":" + m.getAddress().getPort();
        return new MemberInfo(node == null ? address : node, address, m.localMember());
    }

    private static void quiet(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        QUIETED.add(logger);
    }
}
