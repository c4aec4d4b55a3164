package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A node's reservation ledger: everything it has promised, with the totals kept beside the entries
 * so a check is O(ports), not O(pods). Immutable; the cluster adapter replaces the stored ledger with
 * the result of {@link #tryReserve} or {@link #release} under compare-and-set, so two leaders
 * awarding the same node at once cannot both win its last free slot.
 *
 * @param milliCpu total reserved cpu
 * @param memoryBytes total reserved memory
 * @param pods number of reservations
 * @param ports host ports in use
 * @param byPod each reservation by pod key
 */
public record Ledger(String node, long milliCpu, long memoryBytes, int pods, Set<HostPort> ports,
                     Map<String, Reservation> byPod) implements Serializable {

    public Ledger {
        if (node == null || node.isEmpty()) {
            throw new IllegalArgumentException("ledger.node: must not be empty");
        }
        Objects.requireNonNull(ports, "ledger.ports");
        Objects.requireNonNull(byPod, "ledger.byPod");
        if (milliCpu < 0 || memoryBytes < 0 || pods != byPod.size()) {
            throw new IllegalArgumentException("ledger " + node + ": totals do not match reservations");
        }
        ports = Set.copyOf(ports);
        byPod = Map.copyOf(byPod);
    }

    public static Ledger empty(String node) {
        return new Ledger(node, 0, 0, 0, Set.of(), Map.of());
    }

    /**
     * This ledger with {@code r} added, or empty if it would promise more cpu, memory or pods than
     * {@code limits}, or a port already taken. Idempotent: reserving the same reservation again
     * returns this ledger unchanged, so a leader that retries after a lost reply does not double
     * count; a different reservation under an existing pod key is refused (release it first).
     * A zero cpu or memory request never fails on that resource, as in {@link CpuFilter}.
     */
    public Optional<Ledger> tryReserve(Reservation r, NodeCapacityLimits limits) {
        Reservation existing = byPod.get(r.podKey());
        if (existing != null) {
            return existing.equals(r) ? Optional.of(this) : Optional.empty();
        }
        if (r.milliCpu() > 0 && milliCpu + r.milliCpu() > limits.milliCpu()) {
            return Optional.empty();
        }
        if (r.memoryBytes() > 0 && memoryBytes + r.memoryBytes() > limits.memoryBytes()) {
            return Optional.empty();
        }
        if (pods + 1 > limits.pods()) {
            return Optional.empty();
        }
        for (HostPort p : r.ports()) {
            if (ports.contains(p)) {
                return Optional.empty();
            }
        }
        Set<HostPort> newPorts = new HashSet<>(ports);
        newPorts.addAll(r.ports());
        Map<String, Reservation> newByPod = new HashMap<>(byPod);
        newByPod.put(r.podKey(), r);
        return Optional.of(new Ledger(node, milliCpu + r.milliCpu(), memoryBytes + r.memoryBytes(), pods + 1,
                newPorts, newByPod));
    }

    /** How many reservations each owner holds here; pods without an owner are not counted. */
    public Map<String, Integer> podsPerOwner() {
        Map<String, Integer> counts = new HashMap<>();
        for (Reservation r : byPod.values()) {
            if (!r.ownerKey().isEmpty()) {
                counts.merge(r.ownerKey(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** This ledger without the pod's reservation; unchanged if it has none (releasing twice is fine). */
    public Ledger release(String podKey) {
        Reservation r = byPod.get(podKey);
        if (r == null) {
            return this;
        }
        Set<HostPort> newPorts = new HashSet<>(ports);
        newPorts.removeAll(r.ports());
        Map<String, Reservation> newByPod = new HashMap<>(byPod);
        newByPod.remove(podKey);
        return new Ledger(node, milliCpu - r.milliCpu(), memoryBytes - r.memoryBytes(), pods - 1,
                newPorts, newByPod);
    }
}
