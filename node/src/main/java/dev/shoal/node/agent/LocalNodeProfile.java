package dev.shoal.node.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.scheduling.cluster.NodeProfile;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What this node bids with, kept current from its own Node object (capacity, labels, taints,
 * readiness) by a watch, so a bid never waits on a read.
 */
final class LocalNodeProfile implements AutoCloseable {
    private final StateStore store;
    private final String nodeName;
    private final AtomicReference<NodeProfile> current = new AtomicReference<>();
    private StateStore.Watch watch;

    LocalNodeProfile(StateStore store, String nodeName) {
        this.store = store;
        this.nodeName = nodeName;
    }

    void start() {
        watch = store.watch(ResourceType.NODE, "", 0, e -> {
            if (Meta.name(e.object()).equals(nodeName)) update(e.object());
        });
        store.get(new ObjectKey(ResourceType.NODE, "", nodeName)).ifPresent(this::update);
    }

    private void update(ObjectNode node) {
        current.set(NodeProfile.fromNodeObject(node));
    }

    /** Null until the Node object exists: the node does not bid before it has published itself. */
    NodeProfile get() {
        return current.get();
    }

    @Override
    public void close() {
        if (watch != null) watch.close();
    }
}
