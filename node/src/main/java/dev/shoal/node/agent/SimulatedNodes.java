package dev.shoal.node.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Load-testing fakes, after Kubernetes' kubemark "hollow nodes": an agent started with
 * {@code --simulated-nodes N} also publishes N Node objects named {@code <node>-sim-<i>} and bids
 * for them through exactly the same bid code and ledgers as for its own node; pods get bound to
 * them, but nothing runs (the kubelet only starts pods bound to its own node name). A simulated
 * node is live exactly while its hosting agent is a cluster member
 * ({@link dev.shoal.node.controller.LiveNodes}).
 *
 * <p>Sizes are a spread around the given one, so placement quality means something: each node
 * takes one of {@link #SHAPES}, drawn from a {@link SplittableRandom} seeded by its name (the same node gets
 * the same size after a restart). With the defaults, 4000m and 8 GiB, the shapes are those of the
 * scheduling module's PlacementBench: 2000m/4Gi, 4000m/8Gi, 4000m/16Gi, 8000m/32Gi, 16000m/64Gi.
 *
 * @param count       how many; 0 = none (the normal case)
 * @param milliCpu    the middle size's allocatable cpu, millicores
 * @param memoryBytes the middle size's allocatable memory, bytes
 */
public record SimulatedNodes(int count, long milliCpu, long memoryBytes) {
    /** Multipliers of (cpu, memory): a mixed fleet from half-size to 4x cpu with 8x memory. */
    private static final double[][] SHAPES = {{0.5, 0.5}, {1, 1}, {1, 2}, {2, 4}, {4, 8}};
    /** Kubernetes' default pod limit per node, as a real agent has it. */
    private static final int MAX_PODS = 110;

    public static final SimulatedNodes NONE = new SimulatedNodes(0, 4000, 8192L << 20);

    public SimulatedNodes {
        if (count < 0) throw new IllegalArgumentException("simulated-nodes: must not be negative");
        if (milliCpu <= 0) throw new IllegalArgumentException("simulated-cpu: must be positive");
        if (memoryBytes <= 0) throw new IllegalArgumentException("simulated-memory-mib: must be positive");
    }

    /** One simulated node: its name and what it offers. */
    public record Node(String name, NodeCapacity capacity) {}

    /** The nodes an agent named {@code host} simulates. */
    public List<Node> of(String host) {
        List<Node> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = host + "-sim-" + i;
            double[] shape = SHAPES[new SplittableRandom(name.hashCode()).nextInt(SHAPES.length)];
            out.add(new Node(name, new NodeCapacity((long) (milliCpu * shape[0]), (long) (memoryBytes * shape[1]), MAX_PODS)));
        }
        return out;
    }
}
