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
 */
public final class LeaseDecision {
    private LeaseDecision() {}

    public static Lease decide(Lease current, String candidate, long durationMillis, long nowMillis, Set<String> members) {
        if (current == null) return new Lease(candidate, 1, nowMillis + durationMillis);
        boolean expired = nowMillis >= current.expiresAtMillis();
        if (current.heldBy(candidate) && !expired) return new Lease(candidate, current.epoch(), nowMillis + durationMillis);
        if (expired || !members.contains(current.holder())) {
            return new Lease(candidate, current.epoch() + 1, nowMillis + durationMillis);
        }
        return current;
    }

    /** A release by the holder under its epoch ends the lease now, keeping the epoch for the next grant. */
    public static Lease release(Lease current, String holder, long epoch, long nowMillis) {
        if (current == null || !current.heldBy(holder) || current.epoch() != epoch) return current;
        return new Lease(holder, epoch, Math.min(current.expiresAtMillis(), nowMillis));
    }
}
