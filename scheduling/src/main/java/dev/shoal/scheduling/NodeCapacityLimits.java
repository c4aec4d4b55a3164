package dev.shoal.scheduling;

import java.io.Serializable;

/** The most a node's ledger may promise: its allocatable resources. */
public record NodeCapacityLimits(long milliCpu, long memoryBytes, int pods) implements Serializable {
    public NodeCapacityLimits {
        if (milliCpu < 0 || memoryBytes < 0 || pods < 0) {
            throw new IllegalArgumentException("limits: must not be negative");
        }
    }

    public static NodeCapacityLimits of(NodeState node) {
        return new NodeCapacityLimits(node.allocatableMilliCpu(), node.allocatableMemoryBytes(), node.allocatablePods());
    }
}
