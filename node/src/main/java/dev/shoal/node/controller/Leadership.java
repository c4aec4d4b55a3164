package dev.shoal.node.controller;

import dev.shoal.membership.lease.Lease;
import dev.shoal.membership.lease.Leases;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This node's view of which Deployments it leads, and under which epoch. A lease is taken by
 * the preferred node (the partition owner of the key) or by anyone once the lease has expired
 * or its holder has left the cluster; it is renewed while held.
 *
 * <p>Safety on this node's own clock: a lease is trusted only until {@code acquiredAt + duration
 * - margin}, measured with {@link System#nanoTime()} from before the grant was requested, so a
 * leader that was paused (GC, SIGSTOP) or cut off stops acting before the lease could have been
 * granted to anyone else, and a write that still slips through is refused by its epoch (fencing).
 */
final class Leadership {
    /** Long enough to survive a few missed renewals on a busy machine; failover does not wait for it when the holder leaves. */
    static final Duration LEASE = Duration.ofSeconds(15);
    /** Renew at a third of the lease: two renewals may fail before it runs out. */
    static final Duration RENEW_EVERY = LEASE.dividedBy(3);
    /** Stop trusting a lease this long before it ends: covers clock-rate drift and the grant's round trip. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);

    private final Leases leases;
    private final String localNode;
    private final Supplier<Set<String>> liveNodes;
    private final LongSupplier nanoClock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Keys this node was fenced on, with the lowest epoch it may lead them under next. */
    private final Map<String, Long> epochFloors = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong stepDowns = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Leadership.class.getName());

    /** A lease this node holds: trusted until {@code trustedUntilNanos}, renewed after {@code renewAfterNanos}. */
    record Held(long epoch, long trustedUntilNanos, long renewAfterNanos) {}

    Leadership(Leases leases, String localNode, Supplier<Set<String>> liveNodes, LongSupplier nanoClock) {
        this.leases = leases;
        this.localNode = localNode;
        this.liveNodes = liveNodes;
        this.nanoClock = nanoClock;
    }

    /**
     * Leads the key if this node may: renews a held lease when due, takes a free one when this
     * node is preferred or the lease is expired or orphaned. Blocks on the cluster.
     * @return the epoch to act under, or empty if another node leads
     */
    OptionalLong lead(String key) {
        long now = nanoClock.getAsLong();
        Held h = held.get(key);
        if (h != null && now < h.renewAfterNanos()) return OptionalLong.of(h.epoch());
        Long floor = epochFloors.get(key);
        if (h == null && floor == null && !leases.isPreferredHere(key) && !claimable(key)) return OptionalLong.empty();
        long requestedAt = nanoClock.getAsLong();
        Lease lease = leases.tryAcquire(key, LEASE, floor == null ? 0 : floor);
        // Done with the floor once we lead above it, or another node leads (its lease's successor
        // is granted epoch + 1, above the stamp we saw, anyway).
        if (floor != null && (!lease.heldBy(localNode) || lease.epoch() >= floor)) epochFloors.remove(key, floor);
        if (!lease.heldBy(localNode)) {
            if (held.remove(key) != null) {
                stepDowns.incrementAndGet();
                LOG.warning(key + ": the lease now belongs to " + lease.holder() + " (epoch " + lease.epoch()
                        + "); this node stops leading it");
            }
            return OptionalLong.empty();
        }
        held.put(key, new Held(lease.epoch(),
                requestedAt + LEASE.minus(SAFETY_MARGIN).toNanos(),
                requestedAt + RENEW_EVERY.toNanos()));
        return OptionalLong.of(lease.epoch());
    }

    /** The epoch of a lease this node holds and may still trust, for checking just before each write. */
    OptionalLong trusted(String key) {
        Held h = held.get(key);
        if (h == null || nanoClock.getAsLong() >= h.trustedUntilNanos()) return OptionalLong.empty();
        return OptionalLong.of(h.epoch());
    }

    boolean leads(String key) {
        return trusted(key).isPresent();
    }

    /** Forgets a lease after a fenced write showed that a newer leader exists. */
    void stepDown(String key) {
        if (held.remove(key) != null) stepDowns.incrementAndGet();
    }

    /**
     * Steps down because an object of the key was written under {@code stampedEpoch} by another
     * leader; the next attempt to lead asks for a higher epoch. When the stamp came from a live,
     * newer leader, its lease refuses us anyway; when it came from before a restart of every
     * agent (leases are not kept, so they began again at 1), this lifts the epoch above it.
     */
    void fenced(String key, long stampedEpoch) {
        stepDown(key);
        epochFloors.merge(key, stampedEpoch + 1, Math::max);
    }

    /** How often this node stopped leading something because another node had taken over. */
    long stepDowns() {
        return stepDowns.get();
    }

    /** Hands a lease back (the Deployment is gone, or the agent stops). */
    void release(String key) {
        Held h = held.remove(key);
        if (h != null) leases.release(key, h.epoch());
    }

    Set<String> ledKeys() {
        return Set.copyOf(held.keySet());
    }

    private boolean claimable(String key) {
        return leases.current(key)
                .map(l -> System.currentTimeMillis() >= l.expiresAtMillis() || !liveNodes.get().contains(l.holder()))
                .orElse(true);
    }
}
