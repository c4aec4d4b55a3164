package dev.shoal.scheduling.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.shoal.scheduling.Ledger;
import dev.shoal.scheduling.NodeCapacityLimits;
import dev.shoal.scheduling.Reservation;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Every node's reservation ledger, in the Hazelcast map {@value #MAP} (node name to {@link Ledger};
 * two synchronous backups, like every {@code shoal.*} map). Each update runs as an entry processor
 * on the key's partition owner, so two leaders reserving on the same node are serialised there and
 * at most one of them gets the last free slot.
 *
 * <p>Thread-safe. Every method blocks on the network (or returns a stage that completes on a
 * Hazelcast thread): never call from an event loop or a Hazelcast partition thread.
 *
 * <p>After a split-brain heals, the merge policy of the {@code shoal.*} maps keeps the larger
 * side's ledger (a ledger has no version); reservations made on the minority side are lost and
 * {@link #retainOnly} on the node fixes the totals at its next sweep.
 */
public final class LedgerStore {
    /** The map's name; the {@code shoal.*} map config gives it its backups. */
    public static final String MAP = "shoal.ledger";

    private final IMap<String, Ledger> map;

    public LedgerStore(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    /**
     * Reserves {@code r} on {@code node} if it still fits within {@code limits}: the ledger after the
     * reservation, or empty if it does not fit (or a different reservation holds the pod key).
     * Idempotent: repeating an accepted reservation returns the same ledger.
     */
    public Optional<Ledger> tryReserve(String node, Reservation r, NodeCapacityLimits limits) {
        LedgerProcessors.ReserveOutcome o = map.executeOnKey(node, new LedgerProcessors.Reserve(List.of(r), limits, true));
        return o.accepted().contains(r.podKey()) ? Optional.of(o.ledger()) : Optional.empty();
    }

    /**
     * Reserves several pods on one node in one round trip, each accepted or refused on its own, in
     * order. Completes with the pod keys that now hold a reservation there.
     */
    public CompletionStage<Set<String>> tryReserveAll(String node, List<Reservation> rs, NodeCapacityLimits limits) {
        return map.submitToKey(node, new LedgerProcessors.Reserve(rs, limits, false))
                .thenApply(o -> Set.copyOf(o.accepted()));
    }

    /** Drops the pod's reservation on the node; a no-op if it has none. */
    public void release(String node, String podKey) {
        map.executeOnKey(node, new LedgerProcessors.Release(podKey));
    }

    /**
     * Drops every reservation on the node whose pod is not in {@code podKeys}: the node calls it with
     * the pods bound to it, so a pod that was deleted, or awarded by a leader that died before binding
     * it, stops holding room.
     *
     * <p>Caveat for the caller: a leader reserves first and binds a moment later, so a reservation
     * seconds old may belong to a pod that is about to be bound. Sweep from a periodic reconcile and
     * keep pods that were reserved since the previous sweep (see {@link #get}) until the next one.
     */
    public Ledger retainOnly(String node, Set<String> podKeys) {
        return map.executeOnKey(node, new LedgerProcessors.Retain(podKeys));
    }

    /** The node's ledger as its partition owner has it; empty if it has promised nothing. */
    public Ledger get(String node) {
        Ledger l = map.get(node);
        return l == null ? Ledger.empty(node) : l;
    }

    /** Several ledgers in one round trip per partition owner; every requested node is in the answer. */
    public Map<String, Ledger> getAll(Collection<String> nodes) {
        Map<String, Ledger> found = map.getAll(new HashSet<>(nodes));
        Map<String, Ledger> out = new HashMap<>(found);
        for (String n : nodes) {
            out.putIfAbsent(n, Ledger.empty(n));
        }
        return out;
    }
}
