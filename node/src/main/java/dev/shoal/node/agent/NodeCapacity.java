package dev.shoal.node.agent;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/**
 * What this node offers to pods: read from the real machine, minus a reserve for the agent and
 * the operating system, unless overridden (tests simulate small nodes that way).
 *
 * @param milliCpu    allocatable CPU in millicores
 * @param memoryBytes allocatable memory in bytes
 * @param pods        most pods this node runs
 */
public record NodeCapacity(long milliCpu, long memoryBytes, int pods) {
    /** Kubernetes' default pod limit per node. */
    static final int DEFAULT_MAX_PODS = 110;

    public NodeCapacity {
        if (milliCpu <= 0) throw new IllegalArgumentException("cpu must be positive");
        if (memoryBytes <= 0) throw new IllegalArgumentException("memory must be positive");
        if (pods <= 0) throw new IllegalArgumentException("pods must be positive");
    }

    /** The machine's cores and memory less the reserve; each override (0 = none) replaces the measured value. */
    static NodeCapacity measure(long reservedMilliCpu, long reservedMemoryBytes,
                                long overrideMilliCpu, long overrideMemoryBytes, int maxPods) {
        long cpu = overrideMilliCpu > 0 ? overrideMilliCpu
                : Math.max(100, Runtime.getRuntime().availableProcessors() * 1000L - reservedMilliCpu);
        long mem;
        if (overrideMemoryBytes > 0) {
            mem = overrideMemoryBytes;
        } else {
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            mem = Math.max(64L << 20, os.getTotalMemorySize() - reservedMemoryBytes);
        }
        return new NodeCapacity(cpu, mem, maxPods > 0 ? maxPods : DEFAULT_MAX_PODS);
    }

    String cpuQuantity() {
        return milliCpu % 1000 == 0 ? Long.toString(milliCpu / 1000) : milliCpu + "m";
    }

    String memoryQuantity() {
        // Kubernetes reports node memory in Ki.
        return memoryBytes % (1 << 20) == 0 ? (memoryBytes >> 20) + "Mi" : (memoryBytes >> 10) + "Ki";
    }
}
