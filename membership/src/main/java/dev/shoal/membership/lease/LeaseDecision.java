package dev.shoal.membership.lease;

import java.util.Set;

/**
 * The pure rule for granting a lease, run on the partition owner of the lease key.
 *
 * <ul>
 *   <li>No lease yet: grant, epoch 1.</li>
 *   <li>Held by the candidate and not expired: renew (same epoch, new expiry).</li>
 *   <li>Expired, or held by a node that is no longer a cluster member: grant to the candidate
 *       with epoch + 1. Taking over from a departed member at once (rather than waiting for the
 *       expiry) is what makes failover take about a second; it is safe because the departed
 *       leader's writes carry the old epoch and are refused (fencing), and because a leader
 *       that cannot renew stops acting before its own expiry.</li>
 *   <li>Otherwise: refuse; the current lease is returned unchanged.</li>
 * </ul>
 * A candidate may name a floor for the epoch it is granted ({@code minEpoch}): it found an object
 * stamped with that epoch's predecessor by another leader, which happens when the leases were
 * lost with every member (a stop-all, start-all: leases live in memory, the stamped objects come
 * back from the snapshots) and restarted at epoch 1. Epochs then keep growing, so no two leaders
 * ever write under the same one.
 */
public final class LeaseDecision {
    private LeaseDecision() {}

    public static Lease decide(Lease current, String candidate, long durationMillis, long nowMillis, Set<String> members) {
        return decide(current, candidate, durationMillis, nowMillis, members, 0);
    }

    public static Lease decide(Lease current, String candidate, long durationMillis, long nowMillis, Set<String> members,
                               long minEpoch) {
        if (current == null) return new Lease(candidate, Math.max(1, minEpoch), nowMillis + durationMillis);
        boolean expired = nowMillis >= current.expiresAtMillis();
        if (current.heldBy(candidate) && !expired) {
            return new Lease(candidate, Math.max(current.epoch(), minEpoch), nowMillis + durationMillis);
        }
        if (expired || !members.contains(current.holder())) {
            return new Lease(candidate, Math.max(current.epoch() + 1, minEpoch), nowMillis + durationMillis);
        }
        return current;
    }

    /** A release by the holder under its epoch ends the lease now, keeping the epoch for the next grant. */
    public static Lease release(Lease current, String holder, long epoch, long nowMillis) {
        if (current == null || !current.heldBy(holder) || current.epoch() != epoch) return current;
        return new Lease(holder, epoch, Math.min(current.expiresAtMillis(), nowMillis));
    }
}
