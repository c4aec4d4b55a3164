package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterMember;
import dev.shoal.membership.StateStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cascading deletion in the background (Kubernetes' default propagation): a ReplicaSet whose
 * controlling Deployment is gone, and a Pod whose controlling ReplicaSet is gone, are deleted.
 * No leader is needed: each node collects the dependents whose keys live in the partitions it
 * owns, so the work is spread and (normally) done once; a duplicate delete is harmless.
 *
 * <p>Orphaning ({@code --cascade=orphan}) is the API server's part: it removes the owner
 * reference from the dependents before deleting the owner, so they are never collected here.
 */
public final class GarbageCollector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());
    /** Safety net; deletions of owners trigger a pass at once. */
    static final Duration RESYNC = Duration.ofSeconds(15);

    private final ClusterMember member;
    private final StateStore store;
    private final List<StateStore.Watch> watches = new ArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-gc");
        t.setDaemon(true);
        return t;
    });

    public GarbageCollector(ClusterMember member, StateStore store) {
        this.member = member;
        this.store = store;
    }

    public void start() {
        for (ResourceType owner : List.of(ResourceType.DEPLOYMENT, ResourceType.REPLICASET)) {
            watches.add(store.watch(owner, "", 0, e -> {
                if (e.type() == dev.shoal.membership.WatchEvent.Type.DELETED) executor.execute(this::collect);
            }));
        }
        executor.scheduleWithFixedDelay(this::collect, RESYNC.toSeconds(), RESYNC.toSeconds(), TimeUnit.SECONDS);
    }

    void collect() {
        try {
            // Deployments first, then ReplicaSets: a Deployment's pods go in the pass after its ReplicaSets.
            collect(ResourceType.REPLICASET, uids(ResourceType.DEPLOYMENT));
            collect(ResourceType.POD, uids(ResourceType.REPLICASET));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "garbage collection pass failed; the next one retries", e);
        }
    }

    private Set<String> uids(ResourceType type) {
        Set<String> uids = new HashSet<>();
        for (ObjectNode o : store.list(type, "", x -> true).items()) uids.add(Meta.uid(o));
        return uids;
    }

    private void collect(ResourceType dependentType, Set<String> liveOwners) {
        List<ObjectNode> orphans = store.list(dependentType, "", o -> {
            String owner = DeploymentSync.controllerUid(o);
            return !owner.isEmpty() && !liveOwners.contains(owner);
        }).items();
        for (ObjectNode o : orphans) {
            String storageKey = Meta.key(dependentType, o).storageKey();
            var partitionOwner = member.hazelcast().getPartitionService().getPartition(storageKey).getOwner();
            if (partitionOwner == null || !partitionOwner.localMember()) continue;
            try {
                store.delete(Meta.key(dependentType, o), "");
                if (dependentType == ResourceType.REPLICASET) executor.execute(this::collect);  // now its pods
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "could not collect " + Meta.key(dependentType, o), e);
            }
        }
    }

    @Override
    public void close() {
        watches.forEach(StateStore.Watch::close);
        executor.shutdownNow();
    }
}
