package dev.shoal.scheduling;

/**
 * Prefers nodes with the most room left after the pod is added, which balances load across nodes.
 * Kubernetes' NodeResourcesFit LeastAllocated strategy, cpu and memory weighted 1:1:
 * per resource {@code (allocatable - requested) * 100 / allocatable}, where requested includes this
 * pod, 0 when over; the score is their mean.
 */
public final class LeastAllocatedScorer implements NodeScorer {
    @Override
    public double score(PodRequest pod, NodeState node) {
        double cpu = leastAllocated(node.reservedMilliCpu() + pod.milliCpu(), node.allocatableMilliCpu());
        double memory = leastAllocated(node.reservedMemoryBytes() + pod.memoryBytes(), node.allocatableMemoryBytes());
        return (cpu + memory) / 2;
    }

    static double leastAllocated(long requested, long allocatable) {
        if (allocatable == 0 || requested > allocatable) {
            return 0;
        }
        return (allocatable - requested) * 100.0 / allocatable;
    }

    @Override
    public String name() {
        return "LeastAllocated";
    }
}
