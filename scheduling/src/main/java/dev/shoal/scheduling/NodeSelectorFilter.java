package dev.shoal.scheduling;

import java.util.Map;
import java.util.Optional;

/** The pod's nodeSelector: every listed label must be present with exactly that value. */
public final class NodeSelectorFilter implements NodeFilter {
    /** Kubernetes uses one message for nodeSelector and required node affinity. */
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public Optional<String> reject(PodRequest pod, NodeState node) {
        for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
            if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                return Optional.of(REASON);
            }
        }
        return Optional.empty();
    }
}
