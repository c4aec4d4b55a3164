package dev.shoal.scheduling;

import java.util.Optional;

/** The pod's memory request must fit in what the node has not promised yet. A zero request always fits. */
public final class MemoryFilter implements NodeFilter {
    public static final String REASON = "insufficient memory";

    @Override
    public Optional<String> reject(PodRequest pod, NodeState node) {
        return pod.memoryBytes() == 0 || pod.memoryBytes() <= node.freeMemoryBytes()
                ? Optional.empty() : Optional.of(REASON);
    }
}
