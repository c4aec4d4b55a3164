package dev.shoal.membership.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.shoal.membership.ClusterSettings;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * On a cold start (the whole cluster was stopped, so its replicated state is empty) decides which
 * node's snapshot comes back: the newest one. Every starting node waits (bounded) for its
 * configured peers to join, offers its snapshot's resourceVersion, and only the node with the
 * newest snapshot restores; the others wait for that restore before they go on.
 *
 * <p>Without this gate the first node up would restore whatever it had, possibly a stale
 * snapshot of a node that was down for a while, and its first writes would then make every
 * newer snapshot look older than the cluster.
 *
 * <p>All waits are bounded: a peer that never comes does not keep the others down; they then
 * restore the best snapshot among those present.
 */
final class ColdStart {
    private static final Logger LOG = Logger.getLogger(ColdStart.class.getName());
    /** Three JVMs starting at once on 2 cores take up to ~15 s to form a cluster; wait a little longer. */
    static final Duration PEERS_WAIT = Duration.ofSeconds(20);
    /** Offers are one map write each; once everyone is present they arrive within milliseconds. */
    static final Duration OFFERS_WAIT = Duration.ofSeconds(5);
    /** Restoring a snapshot of a few thousand objects takes a few seconds on a busy machine. */
    static final Duration RESTORE_WAIT = Duration.ofSeconds(30);
    private static final String OFFER_PREFIX = "offer/";
    /**
     * Offers live outside the {@code shoal.*} maps on purpose: those refuse writes without a
     * majority, and offering must work while peers are still arriving.
     */
    static final String OFFERS_MAP = "shoal-coldstart";

    private ColdStart() {}

    /** The offer that wins: highest resourceVersion, then the lowest node name. Pure. */
    static String winner(Map<String, Long> offers) {
        String best = null;
        long bestRv = -1;
        for (var e : offers.entrySet()) {
            long rv = e.getValue();
            if (rv > bestRv || (rv == bestRv && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                bestRv = rv;
            }
        }
        return best;
    }

    /**
     * Blocks until this node knows whether it should restore its snapshot.
     * @return true if this node should restore its own snapshot: it has the newest among those
     *         present, or the node that has did not restore in time
     */
    static boolean shouldRestore(HazelcastInstance hz, IMap<String, Long> meta, String restoredKey,
                                 ClusterSettings settings, long snapshotRv) {
        Signal signal = new Signal();
        UUID membershipId = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override public void memberAdded(MembershipEvent e) { signal.fire(); }
            @Override public void memberRemoved(MembershipEvent e) { signal.fire(); }
        });
        IMap<String, Long> offerMap = hz.getMap(OFFERS_MAP);
        UUID entryId = offerMap.addEntryListener(new OfferListener(signal), false);
        try {
            int expected = expectedMembers(settings);
            boolean all = signal.await(PEERS_WAIT, () -> hz.getCluster().getMembers().size() >= expected);
            if (!all) LOG.warning("cold start: only " + hz.getCluster().getMembers().size() + " of " + expected
                    + " configured members joined within " + PEERS_WAIT.toSeconds() + " s; restoring from those present");

            Unconfirmed.retry(() -> offerMap.put(OFFER_PREFIX + settings.nodeName(), snapshotRv));
            signal.await(OFFERS_WAIT, () -> offers(hz, offerMap).size() >= hz.getCluster().getMembers().size());
            Map<String, Long> offers = offers(hz, offerMap);
            offers.put(settings.nodeName(), snapshotRv);
            String winner = winner(offers);
            long best = offers.get(winner);
            LOG.info("cold start: snapshot offers " + offers + "; " + winner + " restores");
            if (winner.equals(settings.nodeName())) return snapshotRv > 0;
            if (best > 0) {
                boolean restored = signal.await(RESTORE_WAIT, () -> {
                    Long r = meta.get(restoredKey);
                    return r != null && r >= best;
                });
                if (!restored) {
                    LOG.warning("cold start: " + winner + " did not restore within " + RESTORE_WAIT.toSeconds()
                            + " s; offering this node's snapshot instead");
                    return snapshotRv > 0;
                }
            }
            return false;
        } finally {
            hz.getCluster().removeMembershipListener(membershipId);
            offerMap.removeEntryListener(entryId);
        }
    }

    /** Offers from the current members only: a node that left must not win. */
    private static Map<String, Long> offers(HazelcastInstance hz, IMap<String, Long> offerMap) {
        Set<String> names = new HashSet<>();
        for (Member m : hz.getCluster().getMembers()) names.add(m.getAttribute(HazelcastConfigFactory.NODE_ATTRIBUTE));
        Map<String, Long> out = new java.util.HashMap<>();
        for (String n : names) {
            Long rv = offerMap.get(OFFER_PREFIX + n);
            if (rv != null) out.put(n, rv);
        }
        return out;
    }

    /** Ourselves plus every configured peer that is not us (peers may list our own address). */
    static int expectedMembers(ClusterSettings settings) {
        Set<String> others = new HashSet<>();
        for (String p : settings.peers()) {
            String hostPort = p.contains(":") ? p : p + ":" + settings.clusterPort();
            if (!hostPort.equals(settings.bindAddress() + ":" + settings.clusterPort())) others.add(hostPort);
        }
        return others.size() + 1;
    }

    /** Wakes a waiting start-up thread when membership or offers change; the waits re-check on a timer as a safety net. */
    private static final class Signal {
        synchronized void fire() {
            notifyAll();
        }

        synchronized boolean await(Duration timeout, BooleanSupplier condition) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    // Re-check at least every 200 ms even without an event (a missed event must not cost the whole wait).
                    wait(Math.max(1, Math.min(left / 1_000_000, 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private record OfferListener(Signal signal) implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
        @Override public void entryAdded(EntryEvent<String, Long> e) { signal.fire(); }
        @Override public void entryUpdated(EntryEvent<String, Long> e) { signal.fire(); }
    }
}
