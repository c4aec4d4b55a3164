package dev.shoal.membership.internal;

import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.WatchEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The recent changes of one kind, as this node's entry listener received them, and the watches
 * fed from them. Events are kept in arrival order: per object that is resourceVersion order
 * (Hazelcast delivers the events of one key in order), across objects two writes that took
 * their resourceVersions close together may arrive in either order.
 *
 * <p>Resuming from a resourceVersion replays the history newer than it; a resourceVersion older
 * than what the history still covers is answered with 410 Gone, as Kubernetes does, and the
 * client re-lists.
 */
final class WatchCache {

    private final ResourceType type;
    private final int capacity;
    private final ArrayDeque<WatchEvent> history = new ArrayDeque<>();
    private final Set<WatchSubscription> subscribers = ConcurrentHashMap.newKeySet();
    /**
     * Watches may resume from here on: the counter when the cache began, then raised to every
     * resourceVersion pushed out of the history.
     */
    private long horizon;

    WatchCache(ResourceType type, int capacity) {
        this.type = type;
        this.capacity = capacity;
    }

    /** Sets where the history begins: called once, after the listener is registered. */
    synchronized void startAt(long resourceVersion) {
        horizon = Math.max(horizon, resourceVersion);
    }

    /** Called on a Hazelcast event thread; never blocks. */
    synchronized void append(WatchEvent event) {
        history.addLast(event);
        if (history.size() > capacity) horizon = Math.max(horizon, history.removeFirst().resourceVersion());
        for (WatchSubscription s : subscribers) s.offer(event);
    }

    synchronized WatchSubscription subscribe(String namespace, long fromResourceVersion,
                                             Consumer<WatchEvent> consumer, Consumer<ApiException> onError,
                                             Executor executor, int maxPending) {
        if (fromResourceVersion > 0 && fromResourceVersion < horizon) {
            throw new ApiException(410, "Expired", "too old resource version: " + fromResourceVersion
                    + " (" + horizon + ")", List.of(), null);
        }
        WatchSubscription[] self = new WatchSubscription[1];
        WatchSubscription s = new WatchSubscription(namespace, consumer, onError, executor, maxPending,
                () -> subscribers.remove(self[0]));
        self[0] = s;
        if (fromResourceVersion > 0) {
            List<WatchEvent> replay = new ArrayList<>();
            for (WatchEvent e : history) {
                if (e.resourceVersion() > fromResourceVersion) replay.add(e);
            }
            s.replay(replay);
        }
        subscribers.add(s);
        return s;
    }

    ResourceType type() {
        return type;
    }

    int subscriberCount() {
        return subscribers.size();
    }
}
