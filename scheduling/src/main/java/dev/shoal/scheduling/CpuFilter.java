package dev.shoal.scheduling;

import java.util.Optional;

/** The pod's CPU request must fit in what the node has not promised yet. A zero request always fits. */
public final class CpuFilter implements NodeFilter {
    public static final String REASON = "insufficient cpu";

    @Override
    public Optional<String> reject(PodRequest pod, NodeState node) {
        return pod.milliCpu() == 0 || pod.milliCpu() <= node.freeMilliCpu()
                ? Optional.empty() : Optional.of(REASON);
    }
}
