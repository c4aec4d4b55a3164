package dev.shoal.membership.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The owner decides and the backups copy: what each kind of outcome sends to the backups. */
class WriteProcessorTest {
    static final Duration TOMBSTONE_TTL = Duration.ofMinutes(10);
    static final String JSON = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"}}";

    @Test
    void aWrittenValueIsCopiedToTheBackups() {
        Entry owner = new Entry(null);
        WriteProcessor p = new WriteProcessor(new Write.Create(JSON, 5, "2026-11-27T00:00:00Z", "uid-1"), TOMBSTONE_TTL);
        assertEquals(WriteResult.Outcome.WRITTEN, p.process(owner).outcome());

        Entry backup = new Entry(null);
        backup(p).process(backup);
        assertEquals(owner.value, backup.value);
        assertEquals(0, backup.ttlMillis, "a live object never expires");
    }

    /** A backup that missed the first attempt gets the value from the retry, which the owner recognises as a replay. */
    @Test
    void aReplayCopiesTheStoredValueAgainSoAStaleBackupCatchesUp() {
        Write create = new Write.Create(JSON, 5, "2026-11-27T00:00:00Z", "uid-1");
        Entry owner = new Entry(null);
        new WriteProcessor(create, TOMBSTONE_TTL).process(owner);

        WriteProcessor retry = new WriteProcessor(create, TOMBSTONE_TTL);
        assertEquals(WriteResult.Outcome.UNCHANGED, retry.process(owner).outcome());
        Entry staleBackup = new Entry(null);
        backup(retry).process(staleBackup);
        assertEquals(owner.value, staleBackup.value);
    }

    @Test
    void aTombstoneKeepsItsTimeToLiveOnTheBackup() {
        Entry owner = new Entry(StoredObject.live(StoredObject.liveTree(JSON), 5));
        WriteProcessor delete = new WriteProcessor(new Write.Delete(6, 0), TOMBSTONE_TTL);
        delete.process(owner);
        Entry backup = new Entry(StoredObject.live(StoredObject.liveTree(JSON), 5));
        backup(delete).process(backup);
        assertTrue(backup.value.tombstone());
        assertEquals(TOMBSTONE_TTL.toMillis(), backup.ttlMillis);
    }

    @Test
    void aRefusedWriteSendsNothing() {
        Entry owner = new Entry(StoredObject.live(StoredObject.liveTree(JSON), 5));
        WriteProcessor create = new WriteProcessor(new Write.Create(JSON, 7, "2026-11-27T00:00:00Z", "uid-2"), TOMBSTONE_TTL);
        assertEquals(WriteResult.Outcome.ALREADY_EXISTS, create.process(owner).outcome());
        assertNull(create.getBackupProcessor());
    }

    /** A backup one increment behind is set to the owner's value, not incremented to its own. */
    @Test
    void theCounterBackupTakesTheOwnersValue() {
        var owner = new SimpleEntry<>(41L);
        CounterProcessors.Next next = new CounterProcessors.Next();
        assertEquals(42L, next.process(owner));
        var behind = new SimpleEntry<>(40L);
        next.getBackupProcessor().process(behind);
        assertEquals(42L, behind.getValue());
    }

    private static EntryProcessor<String, StoredObject, WriteResult> backup(WriteProcessor p) {
        EntryProcessor<String, StoredObject, WriteResult> b = p.getBackupProcessor();
        assertNull(b.getBackupProcessor(), "a backup's copy is final");
        return b;
    }

    /** The slice of Hazelcast's entry a processor touches. */
    static final class Entry implements ExtendedMapEntry<String, StoredObject> {
        StoredObject value;
        long ttlMillis = -1;

        Entry(StoredObject value) {
            this.value = value;
        }

        @Override public String getKey() { return "k"; }
        @Override public StoredObject getValue() { return value; }

        @Override
        public StoredObject setValue(StoredObject v) {
            StoredObject old = value;
            value = v;
            return old;
        }

        @Override
        public StoredObject setValue(StoredObject v, long ttl, TimeUnit unit) {
            ttlMillis = unit.toMillis(ttl);
            return setValue(v);
        }

        @Override
        public StoredObject setValueWithoutChangingExpiryTime(StoredObject v) {
            return setValue(v);
        }
    }

    static final class SimpleEntry<V> extends java.util.AbstractMap.SimpleEntry<String, V> {
        SimpleEntry(V value) {
            super("k", value);
        }
    }
}
