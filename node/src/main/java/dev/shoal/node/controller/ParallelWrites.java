package dev.shoal.node.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the independent writes of one reconcile pass side by side (creating 50 pods, binding 50
 * pods). Each write is a network round trip that mostly waits on partition owners and backups,
 * so writing them one after another leaves both the cores and the cluster idle; a few in flight
 * fill the pipe. Waits for all of them, then rethrows the first failure (a {@link Fenced} one
 * first, so a deposed leader steps down whatever else went wrong).
 */
final class ParallelWrites implements AutoCloseable {
    /** Writes in flight per node: enough to hide round trips, few enough not to flood the partition threads. */
    static final int IN_FLIGHT = 16;

    private final ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
        Thread t = new Thread(r, "shoal-controller-write");
        t.setDaemon(true);
        return t;
    });

    <T> void each(List<T> items, Consumer<T> write) {
        if (items.size() == 1) {
            write.accept(items.get(0));
            return;
        }
        List<Future<?>> futures = new ArrayList<>(items.size());
        for (T item : items) futures.add(pool.submit(() -> write.accept(item)));
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (first == null || (cause instanceof Fenced && !(first instanceof Fenced))) first = cause;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing", e);
            }
        }
        if (first != null) throw first;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
