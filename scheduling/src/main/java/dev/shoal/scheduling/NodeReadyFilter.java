package dev.shoal.scheduling;

import java.util.Optional;

/** A node that is not ready would accept the pod and never start it. */
public final class NodeReadyFilter implements NodeFilter {
    /** Kubernetes' wording (the former CheckNodeCondition predicate). */
    public static final String REASON = "node(s) were not ready";

    @Override
    public Optional<String> reject(PodRequest pod, NodeState node) {
        return node.ready() ? Optional.empty() : Optional.of(REASON);
    }
}
