package dev.shoal.membership.internal;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/** Entry processors on the long values in {@code shoal.meta}: the cluster-wide
 * resourceVersion counter and the restore marker. */
final class CounterProcessors {
    private CounterProcessors() {}

    /**
     * Increments the counter and returns the new value: the next resourceVersion. Backups are
     * set to the owner's value rather than incremented: a backup that missed one increment (its
     * confirmation timed out) would otherwise stay one behind, and after a failover hand out a
     * resourceVersion again.
     */
    static final class Next implements EntryProcessor<String, Long, Long> {
        private transient long next;

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            next = (entry.getValue() == null ? 0 : entry.getValue()) + 1;
            entry.setValue(next);
            return next;
        }

        @Override
        public EntryProcessor<String, Long, Long> getBackupProcessor() {
            return new SetOnBackup<>(next);
        }
    }

    /**
     * Raises the value to {@code floor} if it is lower (never lowers it); returns whether it did.
     * Used for the counter after a restore, and to claim the restore marker: of several nodes
     * restoring at once, only one raises it to a given snapshot's resourceVersion.
     */
    record RaiseTo(long floor) implements EntryProcessor<String, Long, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, Long> entry) {
            long current = entry.getValue() == null ? 0 : entry.getValue();
            if (current >= floor) return false;
            entry.setValue(floor);
            return true;
        }
    }
}
