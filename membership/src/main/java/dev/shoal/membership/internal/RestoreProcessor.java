package dev.shoal.membership.internal;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * Puts an object from a local snapshot, keeping its resourceVersion, unless the cluster already
 * holds that key at the same or a newer resourceVersion (live or tombstone).
 * Returns true if it wrote. As with {@link WriteProcessor}, the owner decides and the backups
 * copy; a restore sent again after an unconfirmed attempt finds its own value on the owner and
 * copies it to the backups once more.
 */
final class RestoreProcessor implements EntryProcessor<String, StoredObject, Boolean> {
    private final StoredObject value;
    private transient StoredObject stored;

    RestoreProcessor(StoredObject value) {
        this.value = value;
    }

    @Override
    public Boolean process(Map.Entry<String, StoredObject> entry) {
        StoredObject current = entry.getValue();
        if (current != null && current.resourceVersion() >= value.resourceVersion()) {
            if (current.equals(value)) stored = current; // our own earlier attempt
            return false;
        }
        entry.setValue(value);
        stored = value;
        return true;
    }

    /** The owner's restored value (live, never expiring) on the backups. */
    @Override
    public EntryProcessor<String, StoredObject, Boolean> getBackupProcessor() {
        StoredObject copy = stored;
        return copy == null ? null : new SetOnBackup<>(copy);
    }
}
