package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ResourceType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Brings desired state back after a whole-cluster restart. Hazelcast open source keeps nothing
 * on disk, so each node keeps a {@link SnapshotFile}; on start, before the agent serves anything,
 * it offers its snapshot to the cluster, and the newest one wins.
 *
 * <p>The rule: a snapshot is restored only if it is newer than anything the cluster knows
 * (its resourceVersion is above the cluster's counter). That covers the cold start (an empty
 * cluster has counter 0) and two nodes of a cold start with different snapshots (the second,
 * newer one merges in whatever is newer than what the first restored), while a node rejoining
 * a running cluster, whose snapshot is necessarily older than the counter, restores nothing;
 * it could otherwise resurrect objects deleted while it was away. Of several nodes offering
 * snapshots of the same age at once, a marker in {@code shoal.meta} lets one restore.
 *
 * <p>Limitations: a snapshot holds live objects only, so when a newer snapshot is merged over an
 * older one that was restored first, an object deleted between the two snapshots comes back
 * (the older snapshot had it, the newer one cannot say it was deleted); and writes made between
 * the first restore and a newer node's arrival raise the counter, so that node's snapshot may
 * then be ignored. Start all nodes of a cold cluster together to avoid both.
 */
final class SnapshotRestorer {

    private static final Logger LOG = Logger.getLogger(SnapshotRestorer.class.getName());

    enum Decision { NOTHING_TO_RESTORE, CLUSTER_IS_NEWER, RESTORE }

    /** What happened, for the log and for tests. */
    record Outcome(Decision decision, boolean claimed, int objectsRestored) {}

    private SnapshotRestorer() {}

    static Decision decide(long snapshotResourceVersion, long clusterResourceVersion) {
        if (snapshotResourceVersion <= 0) return Decision.NOTHING_TO_RESTORE;
        if (snapshotResourceVersion <= clusterResourceVersion) return Decision.CLUSTER_IS_NEWER;
        return Decision.RESTORE;
    }

    static Outcome restore(HazelcastStateStore store, Optional<Snapshot> snapshot) {
        long snapshotRv = snapshot.map(Snapshot::resourceVersion).orElse(0L);
        Decision decision = decide(snapshotRv, store.counterValue());
        if (decision != Decision.RESTORE) return new Outcome(decision, false, 0);
        if (!store.claimRestore(snapshotRv)) return new Outcome(decision, false, 0);

        // Counter first: writes from here on get resourceVersions above every restored object,
        // so a restore can never overwrite them (RestoreProcessor keeps the newer version).
        store.raiseCounter(snapshotRv);
        int restored = 0;
        for (Map.Entry<ResourceType, List<ObjectNode>> kind : snapshot.get().objects().entrySet()) {
            for (ObjectNode o : kind.getValue()) {
                if (store.restore(kind.getKey(), o)) restored++;
            }
        }
        LOG.info("restored " + restored + " of " + snapshot.get().size() + " objects from the local snapshot at resourceVersion " + snapshotRv);
        return new Outcome(decision, true, restored);
    }
}
