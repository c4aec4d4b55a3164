package dev.shoal.membership.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the local snapshot fresh: after a change, writes it once the debounce delay has passed,
 * so a burst of changes costs one write; and once more on close.
 */
final class SnapshotWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SnapshotWriter.class.getName());

    /**
     * At most one write per second: a whole-cluster restart then loses at most the last second
     * of changes on the node with the newest snapshot, while a busy cluster (hundreds of changes
     * a second) costs each node one cluster scan and one fsync per second, not one per change.
     */
    static final Duration DEBOUNCE = Duration.ofSeconds(1);

    private final SnapshotFile file;
    private final Supplier<Snapshot> source;
    private final Duration debounce;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(HazelcastStateStore.daemonThreads("shoal-snapshot-"));
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    /**
     * The resourceVersion of the snapshot on disk. A snapshot of an older state never replaces
     * it: this node may have joined a cluster that restored someone else's older snapshot, or
     * none at all because no majority formed, and its own newer one must survive for the next
     * cold start.
     */
    private long floor;

    private final Supplier<Snapshot> finalSource;

    /**
     * @param source      cheap and possibly a few milliseconds behind (the local replica)
     * @param finalSource exact (the cluster itself), for the last snapshot before leaving
     */
    SnapshotWriter(SnapshotFile file, Supplier<Snapshot> source, Supplier<Snapshot> finalSource, Duration debounce, long onDisk) {
        this.file = file;
        this.source = source;
        this.finalSource = finalSource;
        this.debounce = debounce;
        this.floor = onDisk;
    }

    /** Something changed; never blocks (called on Hazelcast event threads). */
    void changed() {
        if (closed || !scheduled.compareAndSet(false, true)) return;
        scheduler.schedule(() -> {
            scheduled.set(false); // changes from here on schedule the next write
            writeNow();
        }, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void writeNow() {
        write(source);
    }

    private synchronized void write(Supplier<Snapshot> from) {
        try {
            Snapshot snapshot = from.get();
            if (snapshot.resourceVersion() < floor) return;
            file.write(snapshot);
            floor = snapshot.resourceVersion();
        } catch (IOException | RuntimeException e) {
            // The cluster still holds the state; a missed snapshot only matters if every node
            // goes down before the next one succeeds.
            LOG.log(Level.WARNING, "could not write snapshot " + file.path() + ": " + e, e);
        }
    }

    /** Stops without writing: the member is gone, and a snapshot of nothing must not replace the last good one. */
    void abandon() {
        closed = true;
        scheduler.shutdownNow();
    }

    /** Writes a last snapshot while the cluster is still reachable. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        write(finalSource);
    }
}
