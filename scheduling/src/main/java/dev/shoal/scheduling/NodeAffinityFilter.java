package dev.shoal.scheduling;

import java.util.Optional;

/** Required node affinity: at least one term (an AND of expressions) must match the node's labels. */
public final class NodeAffinityFilter implements NodeFilter {
    public static final String REASON = NodeSelectorFilter.REASON;

    @Override
    public Optional<String> reject(PodRequest pod, NodeState node) {
        if (pod.requiredNodeAffinity().isEmpty()) {
            return Optional.empty();
        }
        for (NodeSelectorTerm term : pod.requiredNodeAffinity()) {
            if (term.matches(node.labels())) {
                return Optional.empty();
            }
        }
        return Optional.of(REASON);
    }
}
