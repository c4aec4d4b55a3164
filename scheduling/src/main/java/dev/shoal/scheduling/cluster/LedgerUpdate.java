package dev.shoal.scheduling.cluster;

import com.hazelcast.map.EntryProcessor;
import dev.shoal.membership.internal.SetOnBackup;
import dev.shoal.scheduling.Ledger;
import java.util.Map;

/**
 * One change to one node's ledger, run atomically on the partition owner of the node's key: the
 * owner serialises all updates of a key, which is the compare-and-set the design asks for without
 * a retry loop. The decision (pure {@link Ledger} code) is made once, on the primary; backups get
 * the resulting ledger ({@link #getBackupProcessor}), so a backup never re-decides from a copy that
 * might differ (the pattern of {@code dev.shoal.membership.lease.LeaseProcessor}).
 *
 * <p>An empty ledger is stored as no entry, so a departed node leaves nothing behind.
 *
 * @param <R> what the caller gets back
 */
abstract class LedgerUpdate<R> implements EntryProcessor<String, Ledger, R> {
    private transient Ledger decided;
    private transient boolean changed;

    /** The new ledger given the current one (never null: a missing entry is an empty ledger). */
    abstract Ledger apply(Ledger current);

    /** What to return to the caller once {@link #apply} has decided. */
    abstract R result(Ledger before, Ledger after);

    @Override
    public final R process(Map.Entry<String, Ledger> entry) {
        Ledger stored = entry.getValue();
        Ledger before = stored == null ? Ledger.empty(entry.getKey()) : stored;
        Ledger after = apply(before);
        changed = !after.equals(before);
        if (changed) {
            decided = after.pods() == 0 ? null : after;
            entry.setValue(decided);
        }
        return result(before, after);
    }

    @Override
    public final EntryProcessor<String, Ledger, R> getBackupProcessor() {
        return changed ? new SetOnBackup<>(decided) : null; // unchanged: nothing for backups to do; null removes
    }
}
