package dev.shoal.scheduling;

import java.util.Optional;

/**
 * "Can this pod run on this node?" One small rule per implementation. Filters are pure and cheap;
 * the pipeline runs them cheapest first and stops at the first rejection.
 */
public interface NodeFilter {
    /**
     * @return empty if the pod fits as far as this rule is concerned; otherwise the reason, in the
     *     words Kubernetes uses, because it is counted into "0/N nodes are available: ..." and read
     *     by people who know those words
     */
    Optional<String> reject(PodRequest pod, NodeState node);
}
