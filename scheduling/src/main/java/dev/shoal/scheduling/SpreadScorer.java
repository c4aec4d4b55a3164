package dev.shoal.scheduling;

/**
 * Prefers nodes running fewer replicas of the pod's owner, so one node's loss takes out few of them.
 * {@code 100 / (1 + replicas here)}: 100, 50, 33, 25... The first replica on a node costs the most
 * availability, and the curve needs no cluster-wide maximum, which a single bidding node cannot know
 * (Kubernetes normalises across nodes instead; the auction's comparison does that job here).
 */
public final class SpreadScorer implements NodeScorer {
    @Override
    public double score(PodRequest pod, NodeState node) {
        if (pod.ownerKey().isEmpty()) {
            return 100;
        }
        return 100.0 / (1 + node.podsOf(pod.ownerKey()));
    }

    @Override
    public String name() {
        return "Spread";
    }
}
