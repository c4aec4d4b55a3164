package dev.shoal.membership.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Write} atomically on the partition owner of the object's key (Hazelcast runs
 * entry processors of one key one at a time), then again on each backup: the default backup
 * processor is this same processor, which is why {@link ObjectWrites} must be deterministic.
 * The caller's invocation returns only after the synchronous backups have applied it.
 */
record WriteProcessor(Write write, long tombstoneTtlMillis)
        implements EntryProcessor<String, StoredObject, WriteResult> {

    /** Hazelcast's "no expiry" for a per-entry TTL: a live object must not keep a tombstone's TTL. */
    private static final long NO_EXPIRY = 0;

    WriteProcessor(Write write, Duration tombstoneTtl) {
        this(write, tombstoneTtl.toMillis());
    }

    @Override
    public WriteResult process(Map.Entry<String, StoredObject> entry) {
        ObjectWrites.Decision decision = ObjectWrites.decide(entry.getValue(), write);
        StoredObject value = decision.newValue();
        if (value != null) {
            long ttl = value.tombstone() ? tombstoneTtlMillis : NO_EXPIRY;
            ((ExtendedMapEntry<String, StoredObject>) entry).setValue(value, ttl, TimeUnit.MILLISECONDS);
        }
        return decision.result();
    }
}
