package dev.shoal.membership.internal;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * The backup half of every Shoal entry processor: writes the value the primary decided, so a
 * backup never decides again (with another clock, or from a copy that missed an update).
 */
public record SetOnBackup<V, R>(V value) implements EntryProcessor<String, V, R> {
    /** A backup's result goes nowhere. */
    @Override
    public R process(Map.Entry<String, V> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<String, V, R> getBackupProcessor() {
        return null;
    }
}
