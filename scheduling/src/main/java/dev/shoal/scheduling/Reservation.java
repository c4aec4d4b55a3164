package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.Set;

/**
 * What one pod holds on a node's ledger from award until the pod is gone.
 *
 * @param ownerKey the pod's owner ("ns/deployment"), empty if none: kept so the node can count its
 *     replicas per owner from the ledger alone when it bids (spreading sees reserved, not yet running
 *     replicas)
 */
public record Reservation(String podKey, long milliCpu, long memoryBytes, Set<HostPort> ports, String ownerKey)
        implements Serializable {
    public Reservation {
        if (podKey == null || podKey.isEmpty()) {
            throw new IllegalArgumentException("reservation.podKey: must not be empty");
        }
        if (milliCpu < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("reservation " + podKey + ": resources must not be negative");
        }
        ports = ports == null ? Set.of() : Set.copyOf(ports);
        ownerKey = ownerKey == null ? "" : ownerKey;
    }

    /** A reservation of a pod without an owner. */
    public Reservation(String podKey, long milliCpu, long memoryBytes, Set<HostPort> ports) {
        this(podKey, milliCpu, memoryBytes, ports, "");
    }

    public static Reservation of(PodRequest pod) {
        return new Reservation(pod.podKey(), pod.milliCpu(), pod.memoryBytes(), Set.copyOf(pod.hostPorts()),
                pod.ownerKey());
    }
}
