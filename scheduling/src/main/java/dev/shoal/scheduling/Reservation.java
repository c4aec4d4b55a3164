package dev.shoal.scheduling;

import java.util.Set;

/** What one pod holds on a node's ledger from award until the pod is gone. */
public record Reservation(String podKey, long milliCpu, long memoryBytes, Set<HostPort> ports) {
    public Reservation {
        if (podKey == null || podKey.isEmpty()) {
            throw new IllegalArgumentException("reservation.podKey: must not be empty");
        }
        if (milliCpu < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("reservation " + podKey + ": resources must not be negative");
        }
        ports = ports == null ? Set.of() : Set.copyOf(ports);
    }

    public static Reservation of(PodRequest pod) {
        return new Reservation(pod.podKey(), pod.milliCpu(), pod.memoryBytes(), Set.copyOf(pod.hostPorts()));
    }
}
