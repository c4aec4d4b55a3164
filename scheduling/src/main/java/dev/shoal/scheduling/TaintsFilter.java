package dev.shoal.scheduling;

import java.util.Optional;

/**
 * NoSchedule and NoExecute taints must each be tolerated; PreferNoSchedule only lowers the score
 * ({@link PreferNoScheduleTaintsScorer}). Names the first untolerated taint, as Kubernetes does.
 */
public final class TaintsFilter implements NodeFilter {
    public static final String REASON_PREFIX = "node(s) had untolerated taint ";

    @Override
    public Optional<String> reject(PodRequest pod, NodeState node) {
        for (Taint taint : node.taints()) {
            if (taint.effect() == TaintEffect.PreferNoSchedule) {
                continue;
            }
            if (!tolerated(pod, taint)) {
                return Optional.of(REASON_PREFIX + taint);
            }
        }
        return Optional.empty();
    }

    static boolean tolerated(PodRequest pod, Taint taint) {
        for (Toleration t : pod.tolerations()) {
            if (t.tolerates(taint)) {
                return true;
            }
        }
        return false;
    }
}
