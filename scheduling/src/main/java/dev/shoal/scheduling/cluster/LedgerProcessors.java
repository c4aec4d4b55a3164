package dev.shoal.scheduling.cluster;

import dev.shoal.scheduling.Ledger;
import dev.shoal.scheduling.NodeCapacityLimits;
import dev.shoal.scheduling.Reservation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The ledger updates {@link LedgerStore} sends to a key's partition owner. */
final class LedgerProcessors {
    private LedgerProcessors() {}

    /**
     * What a batch reservation did: which pods now hold a reservation, and the ledger after (null
     * unless asked for: a leader placing many pods needs only the keys, and the whole ledger would
     * cost a serialisation per node on every reply).
     */
    record ReserveOutcome(List<String> accepted, Ledger ledger) implements Serializable {}

    /**
     * Reserves each of a leader's awards on one node, in order, each on its own: one award that no
     * longer fits (another leader took the room) does not sink the others, which may still fit.
     */
    static final class Reserve extends LedgerUpdate<ReserveOutcome> {
        private final List<Reservation> reservations;
        private final NodeCapacityLimits limits;
        private final boolean returnLedger;

        Reserve(List<Reservation> reservations, NodeCapacityLimits limits, boolean returnLedger) {
            this.reservations = List.copyOf(reservations);
            this.limits = limits;
            this.returnLedger = returnLedger;
        }

        private transient List<String> accepted;

        @Override
        Ledger apply(Ledger current) {
            accepted = new ArrayList<>();
            Ledger l = current;
            for (Reservation r : reservations) {
                Optional<Ledger> next = l.tryReserve(r, limits);
                if (next.isPresent()) {
                    l = next.get();
                    accepted.add(r.podKey());
                }
            }
            return l;
        }

        @Override
        ReserveOutcome result(Ledger before, Ledger after) {
            return new ReserveOutcome(accepted, returnLedger ? after : null);
        }
    }

    /** Drops every reservation whose pod is not in {@code keep}. */
    static final class Retain extends LedgerUpdate<Ledger> {
        private final Set<String> keep;

        Retain(Set<String> keep) {
            this.keep = Set.copyOf(keep);
        }

        @Override
        Ledger apply(Ledger current) {
            Ledger l = current;
            for (String pod : current.byPod().keySet()) {
                if (!keep.contains(pod)) {
                    l = l.release(pod);
                }
            }
            return l;
        }

        @Override
        Ledger result(Ledger before, Ledger after) {
            return after;
        }
    }

    /** Drops one pod's reservation; releasing twice is fine. */
    static final class Release extends LedgerUpdate<Ledger> {
        private final String podKey;

        Release(String podKey) {
            this.podKey = podKey;
        }

        @Override
        Ledger apply(Ledger current) {
            return current.release(podKey);
        }

        @Override
        Ledger result(Ledger before, Ledger after) {
            return after;
        }
    }
}
