package dev.shoal.membership.lease;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;
import java.util.Set;

/**
 * Grants, renews or releases one lease atomically on the key's partition owner, judging expiry
 * by the owner's clock. The decision is made once, on the primary; backups receive the resulting
 * value ({@link #getBackupProcessor()}), so a backup never re-decides with a different clock.
 */
final class LeaseProcessor implements EntryProcessor<String, Lease, Lease> {
    enum Action { ACQUIRE, RELEASE }

    private final Action action;
    private final String candidate;
    private final long durationMillis;
    /** RELEASE: the epoch given up; ACQUIRE: the lowest epoch to be granted (see {@link LeaseDecision}). */
    private final long epoch;
    private final Set<String> members;
    private Lease result;

    LeaseProcessor(Action action, String candidate, long durationMillis, long epoch, Set<String> members) {
        this.action = action;
        this.candidate = candidate;
        this.durationMillis = durationMillis;
        this.epoch = epoch;
        this.members = Set.copyOf(members);
    }

    @Override
    public Lease process(Map.Entry<String, Lease> entry) {
        long now = System.currentTimeMillis();
        Lease current = entry.getValue();
        result = action == Action.ACQUIRE
                ? LeaseDecision.decide(current, candidate, durationMillis, now, members, epoch)
                : LeaseDecision.release(current, candidate, epoch, now);
        if (result != null && !result.equals(current)) entry.setValue(result);
        return result;
    }

    @Override
    public EntryProcessor<String, Lease, Lease> getBackupProcessor() {
        Lease decided = result;
        return decided == null ? null : new dev.shoal.membership.internal.SetOnBackup<>(decided);
    }
}
