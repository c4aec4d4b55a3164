package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A node's own view of itself when it bids: what it can hold (allocatable) and what its ledger has
 * already promised (reserved). Free = allocatable - reserved; reserved may exceed allocatable if
 * allocatable shrank, in which case free is negative and nothing fits.
 *
 * @param podsPerOwner how many pods of each owner ("ns/deployment") the node already runs or has
 *     reserved, for spreading
 */
public record NodeState(
        String name,
        boolean ready,
        long allocatableMilliCpu,
        long allocatableMemoryBytes,
        int allocatablePods,
        long reservedMilliCpu,
        long reservedMemoryBytes,
        int reservedPods,
        Set<HostPort> usedHostPorts,
        Map<String, String> labels,
        List<Taint> taints,
        Set<String> images,
        Map<String, Integer> podsPerOwner) implements Serializable {

    public NodeState {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("node.name: must not be empty");
        }
        if (allocatableMilliCpu < 0 || allocatableMemoryBytes < 0 || allocatablePods < 0) {
            throw new IllegalArgumentException("node " + name + ": allocatable must not be negative");
        }
        if (reservedMilliCpu < 0 || reservedMemoryBytes < 0 || reservedPods < 0) {
            throw new IllegalArgumentException("node " + name + ": reserved must not be negative");
        }
        usedHostPorts = usedHostPorts == null ? Set.of() : Set.copyOf(usedHostPorts);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        images = images == null ? Set.of() : Set.copyOf(images);
        podsPerOwner = podsPerOwner == null ? Map.of() : Map.copyOf(podsPerOwner);
    }

    /** A ready, empty, unlabelled, untainted node: the common case in tests and benchmarks. */
    public static NodeState empty(String name, long milliCpu, long memoryBytes, int pods) {
        return new NodeState(name, true, milliCpu, memoryBytes, pods, 0, 0, 0,
                null, null, null, null, null);
    }

    public long freeMilliCpu() {
        return allocatableMilliCpu - reservedMilliCpu;
    }

    public long freeMemoryBytes() {
        return allocatableMemoryBytes - reservedMemoryBytes;
    }

    public int freePods() {
        return allocatablePods - reservedPods;
    }

    public int podsOf(String ownerKey) {
        return ownerKey.isEmpty() ? 0 : podsPerOwner.getOrDefault(ownerKey, 0);
    }

    /**
     * This node after it also holds {@code pod}. Does not check that the pod fits: the auction
     * uses it on copies after a successful bid, the ledger does its own checks.
     */
    public NodeState plus(PodRequest pod) {
        Objects.requireNonNull(pod);
        Set<HostPort> ports = usedHostPorts;
        if (!pod.hostPorts().isEmpty()) {
            ports = new HashSet<>(usedHostPorts);
            ports.addAll(pod.hostPorts());
        }
        Map<String, Integer> owners = podsPerOwner;
        if (!pod.ownerKey().isEmpty()) {
            owners = new HashMap<>(podsPerOwner);
            owners.merge(pod.ownerKey(), 1, Integer::sum);
        }
        return new NodeState(name, ready, allocatableMilliCpu, allocatableMemoryBytes, allocatablePods,
                reservedMilliCpu + pod.milliCpu(), reservedMemoryBytes + pod.memoryBytes(), reservedPods + 1,
                ports, labels, taints, images, owners);
    }

    public NodeState withLabels(Map<String, String> newLabels) {
        return new NodeState(name, ready, allocatableMilliCpu, allocatableMemoryBytes, allocatablePods,
                reservedMilliCpu, reservedMemoryBytes, reservedPods, usedHostPorts, newLabels, taints, images,
                podsPerOwner);
    }

    public NodeState withTaints(Taint... newTaints) {
        return new NodeState(name, ready, allocatableMilliCpu, allocatableMemoryBytes, allocatablePods,
                reservedMilliCpu, reservedMemoryBytes, reservedPods, usedHostPorts, labels, List.of(newTaints),
                images, podsPerOwner);
    }

    public NodeState withImages(String... newImages) {
        return new NodeState(name, ready, allocatableMilliCpu, allocatableMemoryBytes, allocatablePods,
                reservedMilliCpu, reservedMemoryBytes, reservedPods, usedHostPorts, labels, taints,
                Set.of(newImages), podsPerOwner);
    }

    public NodeState withReady(boolean isReady) {
        return new NodeState(name, isReady, allocatableMilliCpu, allocatableMemoryBytes, allocatablePods,
                reservedMilliCpu, reservedMemoryBytes, reservedPods, usedHostPorts, labels, taints, images,
                podsPerOwner);
    }
}
