package dev.shoal.scheduling;

/**
 * Prefers nodes with fewer PreferNoSchedule taints the pod does not tolerate:
 * {@code 100 / (1 + untolerated)}, the same shape as {@link SpreadScorer} and for the same reason
 * (a bidding node cannot normalise against the others).
 */
public final class PreferNoScheduleTaintsScorer implements NodeScorer {
    @Override
    public double score(PodRequest pod, NodeState node) {
        int untolerated = 0;
        for (Taint taint : node.taints()) {
            if (taint.effect() == TaintEffect.PreferNoSchedule && !TaintsFilter.tolerated(pod, taint)) {
                untolerated++;
            }
        }
        return 100.0 / (1 + untolerated);
    }

    @Override
    public String name() {
        return "PreferNoScheduleTaints";
    }
}
