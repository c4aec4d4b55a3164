package dev.shoal.scheduling;

import java.util.Optional;

/** A node runs at most allocatablePods pods (IP addresses, runtime limits), however small they are. */
public final class PodCountFilter implements NodeFilter {
    public static final String REASON = "too many pods";

    @Override
    public Optional<String> reject(PodRequest pod, NodeState node) {
        return node.freePods() >= 1 ? Optional.empty() : Optional.of(REASON);
    }
}
