package dev.shoal.membership.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Write} atomically on the partition owner of the object's key (Hazelcast runs
 * entry processors of one key one at a time). The decision is made once, on the owner; the
 * backups receive its result ({@link #getBackupProcessor()}) rather than deciding again, so a
 * backup that missed an earlier write (its confirmation timed out) is brought level by the next
 * one instead of deciding differently and drifting further. A replay (the same write re-sent
 * after an unconfirmed attempt) copies the stored value to the backups once more: that is how a
 * write whose backups did not confirm in time becomes durable on the retry.
 * The caller's invocation returns only after the synchronous backups have applied it.
 */
final class WriteProcessor implements EntryProcessor<String, StoredObject, WriteResult> {

    /** Hazelcast's "no expiry" for a per-entry TTL: a live object must not keep a tombstone's TTL. */
    private static final long NO_EXPIRY = 0;

    private final Write write;
    private final long tombstoneTtlMillis;
    /** What the owner holds for the key after this write; null when the write was refused. Owner-side only. */
    private transient StoredObject stored;

    WriteProcessor(Write write, Duration tombstoneTtl) {
        this.write = write;
        this.tombstoneTtlMillis = tombstoneTtl.toMillis();
    }

    Write write() {
        return write;
    }

    @Override
    public WriteResult process(Map.Entry<String, StoredObject> entry) {
        ObjectWrites.Decision decision = ObjectWrites.decide(entry.getValue(), write);
        StoredObject value = decision.newValue();
        if (value != null) {
            setValue(entry, value, tombstoneTtlMillis);
            stored = value;
        } else if (decision.result().outcome() == WriteResult.Outcome.UNCHANGED) {
            stored = entry.getValue(); // a replay: make sure the backups hold it too
        }
        return decision.result();
    }

    @Override
    public EntryProcessor<String, StoredObject, WriteResult> getBackupProcessor() {
        StoredObject value = stored;
        return value == null ? null : new CopyToBackup(value, tombstoneTtlMillis);
    }

    static void setValue(Map.Entry<String, StoredObject> entry, StoredObject value, long tombstoneTtlMillis) {
        long ttl = value.tombstone() ? tombstoneTtlMillis : NO_EXPIRY;
        ((ExtendedMapEntry<String, StoredObject>) entry).setValue(value, ttl, TimeUnit.MILLISECONDS);
    }

    /** Writes the owner's value on a backup. */
    record CopyToBackup(StoredObject value, long tombstoneTtlMillis) implements EntryProcessor<String, StoredObject, WriteResult> {
        @Override
        public WriteResult process(Map.Entry<String, StoredObject> entry) {
            setValue(entry, value, tombstoneTtlMillis);
            return null;
        }

        @Override
        public EntryProcessor<String, StoredObject, WriteResult> getBackupProcessor() {
            return null;
        }
    }
}
