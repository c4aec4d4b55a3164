package dev.shoal.scheduling;

import static dev.shoal.scheduling.Fixtures.GI;
import static dev.shoal.scheduling.Fixtures.MI;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random clusters and batches for the quality check and the benchmark. */
final class Workload {
    /** Machine shapes as in a mixed fleet: cpu millicores, memory GiB. */
    private static final long[][] NODE_SHAPES = {{2000, 4}, {4000, 8}, {4000, 16}, {8000, 32}, {16000, 64}};
    private static final long[] POD_CPU = {100, 250, 500, 1000, 2000};
    private static final long[] POD_MEMORY_MI = {128, 256, 512, 1024, 2048, 4096};

    private Workload() {}

    static List<NodeState> nodes(int n, Random rnd) {
        List<NodeState> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] shape = NODE_SHAPES[rnd.nextInt(NODE_SHAPES.length)];
            nodes.add(NodeState.empty(String.format("node-%04d", i), shape[0], shape[1] * GI, 110));
        }
        return nodes;
    }

    /** How big the pods are: on the fleet above, 1,000 LIGHT pods fill about 40%, HEAVY about 130%. */
    enum Load {
        LIGHT(3, 4), HEAVY(POD_CPU.length, POD_MEMORY_MI.length);

        final int cpuChoices;
        final int memoryChoices;

        Load(int cpuChoices, int memoryChoices) {
            this.cpuChoices = cpuChoices;
            this.memoryChoices = memoryChoices;
        }
    }

    /** {@code pods} pods in Deployments of {@code replicas} identical replicas each. */
    static List<PodRequest> pods(int pods, int replicas, Load load, Random rnd) {
        List<PodRequest> out = new ArrayList<>();
        for (int d = 0; out.size() < pods; d++) {
            long cpu = POD_CPU[rnd.nextInt(load.cpuChoices)];
            long memory = POD_MEMORY_MI[rnd.nextInt(load.memoryChoices)] * MI;
            for (int r = 0; r < replicas && out.size() < pods; r++) {
                out.add(PodRequest.of("ns/d" + d + "-" + r, "ns/d" + d, cpu, memory));
            }
        }
        return out;
    }
}
