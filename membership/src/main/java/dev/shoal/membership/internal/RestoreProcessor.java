package dev.shoal.membership.internal;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * Puts an object from a local snapshot, keeping its resourceVersion, unless the cluster already
 * holds that key at the same or a newer resourceVersion (live or tombstone).
 * Returns true if it wrote.
 */
record RestoreProcessor(StoredObject value) implements EntryProcessor<String, StoredObject, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, StoredObject> entry) {
        StoredObject current = entry.getValue();
        if (current != null && current.resourceVersion() >= value.resourceVersion()) return false;
        entry.setValue(value);
        return true;
    }
}
