package dev.shoal.membership.internal;

import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One open watch: its own queue, drained in order on the store's executor. A consumer that falls
 * too far behind is dropped with a 410 rather than allowed to stall everyone else or grow memory
 * without bound; like a Kubernetes client, it re-lists and watches again.
 */
final class WatchSubscription implements StateStore.Watch {

    /** Events delivered per turn on an executor thread, so one busy watch cannot starve the others. */
    static final int BATCH = 64;

    private final String namespace;
    private final Consumer<WatchEvent> consumer;
    private final Consumer<ApiException> onError;
    private final Executor executor;
    private final int maxPending;
    private final Runnable onClose;

    private final Queue<WatchEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    WatchSubscription(String namespace, Consumer<WatchEvent> consumer, Consumer<ApiException> onError,
                      Executor executor, int maxPending, Runnable onClose) {
        this.namespace = namespace == null ? "" : namespace;
        this.consumer = consumer;
        this.onError = onError;
        this.executor = executor;
        this.maxPending = maxPending;
        this.onClose = onClose;
    }

    /**
     * The replayed history, enqueued in one go without the limit check (the history is bounded,
     * and the limit is set above its size), but counted, so live events are refused only once
     * the backlog really exceeds the limit.
     */
    void replay(List<WatchEvent> events) {
        for (WatchEvent e : events) {
            if (matches(e)) {
                pending.incrementAndGet();
                queue.add(e);
            }
        }
        schedule();
    }

    /** Called by the cache under its lock; never blocks. */
    void offer(WatchEvent event) {
        if (closed.get() || !matches(event)) return;
        if (pending.incrementAndGet() > maxPending) {
            fail(new ApiException(410, "Expired", "watch closed: the consumer fell more than " + maxPending
                    + " events behind; list again and watch from the list's resourceVersion", List.of(), null));
            return;
        }
        queue.add(event);
        schedule();
    }

    private boolean matches(WatchEvent e) {
        return namespace.isEmpty() || namespace.equals(Meta.namespace(e.object()));
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) executor.execute(this::drain);
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH && !closed.get(); i++) {
                WatchEvent e = queue.poll();
                if (e == null) break;
                pending.decrementAndGet();
                // each consumer gets its own copy: consumers may modify what they receive
                consumer.accept(new WatchEvent(e.type(), e.object().deepCopy(), e.resourceVersion()));
            }
        } catch (RuntimeException e) {
            fail(new ApiException(500, "InternalError", "watch consumer failed: " + e, List.of(), null));
        } finally {
            scheduled.set(false);
            if (!queue.isEmpty() && !closed.get()) schedule();
        }
    }

    private void fail(ApiException error) {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
            queue.clear();
            executor.execute(() -> onError.accept(error));
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
            queue.clear();
        }
    }
}
