package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The namespaces that exist, kept by a watch, so that checking a create's namespace costs no
 * cluster round trip (Kubernetes' namespace admission also reads a cache). A miss asks the store,
 * so a namespace created an instant ago on another node is never refused.
 */
final class NamespaceCache implements AutoCloseable {
    private final StateStore store;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final StateStore.Watch watch;

    NamespaceCache(StateStore store) {
        this.store = store;
        this.watch = store.watch(ResourceType.NAMESPACE, "", 0, this::onEvent);
        for (ObjectNode ns : store.list(ResourceType.NAMESPACE, "", o -> true).items()) known.add(Meta.name(ns));
    }

    private void onEvent(WatchEvent e) {
        if (e.type() == WatchEvent.Type.DELETED) known.remove(Meta.name(e.object()));
        else known.add(Meta.name(e.object()));
    }

    boolean exists(String namespace) {
        if (known.contains(namespace)) return true;
        boolean stored = store.get(new ObjectKey(ResourceType.NAMESPACE, "", namespace)).isPresent();
        if (stored) known.add(namespace);
        return stored;
    }

    @Override
    public void close() {
        watch.close();
    }
}
