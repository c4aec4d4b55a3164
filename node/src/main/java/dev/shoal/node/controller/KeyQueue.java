package dev.shoal.node.controller;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keys ("namespace/name") waiting to be reconciled, after Kubernetes' workqueue. Event handlers
 * only add keys; workers take a key, read fresh state for it, reconcile, and call {@link #done}.
 *
 * <p>Guarantee: a key is never handed to two workers at once. A key added while it is being
 * processed is queued again when its worker is done, so no event is lost and none is handled
 * twice concurrently. A key added many times while queued is reconciled once.
 */
final class KeyQueue implements AutoCloseable {
    private final Set<String> queued = new LinkedHashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Set<String> dirtyWhileProcessing = new HashSet<>();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-keyqueue-delays");
        t.setDaemon(true);
        return t;
    });
    private boolean closed;

    synchronized void add(String key) {
        if (closed) return;
        if (processing.contains(key)) {
            dirtyWhileProcessing.add(key);
            return;
        }
        if (queued.add(key)) notifyAll();
    }

    /** Adds the key after a delay: for retries and for rollout steps that wait on time (minReadySeconds). */
    void addAfter(String key, long delayMillis) {
        if (!delays.isShutdown()) delays.schedule(() -> add(key), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Blocks until a key is available; null once closed. */
    synchronized String take() throws InterruptedException {
        while (queued.isEmpty() && !closed) wait();
        if (closed) return null;
        var it = queued.iterator();
        String key = it.next();
        it.remove();
        processing.add(key);
        return key;
    }

    synchronized void done(String key) {
        processing.remove(key);
        if (dirtyWhileProcessing.remove(key) && queued.add(key)) notifyAll();
    }

    synchronized int size() {
        return queued.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        delays.shutdownNow();
        notifyAll();
    }
}
