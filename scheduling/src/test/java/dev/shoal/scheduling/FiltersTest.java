package dev.shoal.scheduling;

import static dev.shoal.scheduling.Fixtures.GI;
import static dev.shoal.scheduling.Fixtures.MI;
import static dev.shoal.scheduling.Fixtures.node;
import static dev.shoal.scheduling.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shoal.scheduling.NodeSelectorRequirement.Operator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FiltersTest {
    private static final String FITS = null;
    private static final NodeState NODE = node("n1", 4000, 8);
    private static final PodRequest POD = pod("ns/p");

    private static void check(NodeFilter filter, PodRequest pod, NodeState node, String expectedReason) {
        assertEquals(Optional.ofNullable(expectedReason), filter.reject(pod, node),
                () -> filter.getClass().getSimpleName() + " on " + pod + " / " + node);
    }

    @Test
    void nodeReady() {
        var f = new NodeReadyFilter();
        check(f, POD, NODE, FITS);
        check(f, POD, NODE.withReady(false), "node(s) were not ready");
    }

    @Test
    void nodeSelector() {
        var f = new NodeSelectorFilter();
        var labelled = NODE.withLabels(Map.of("disk", "ssd", "zone", "a"));
        String mismatch = "node(s) didn't match Pod's node affinity/selector";
        check(f, POD, NODE, FITS);
        check(f, POD.withNodeSelector(Map.of("disk", "ssd")), labelled, FITS);
        check(f, POD.withNodeSelector(Map.of("disk", "ssd", "zone", "a")), labelled, FITS);
        check(f, POD.withNodeSelector(Map.of("disk", "hdd")), labelled, mismatch);
        check(f, POD.withNodeSelector(Map.of("gpu", "yes")), labelled, mismatch);
        check(f, POD.withNodeSelector(Map.of("disk", "ssd")), NODE, mismatch);
    }

    @Test
    void nodeAffinity() {
        var f = new NodeAffinityFilter();
        var n = NODE.withLabels(Map.of("zone", "a", "cores", "16", "odd", "x"));
        String mismatch = NodeSelectorFilter.REASON;
        check(f, POD, n, FITS);
        check(f, POD.withAffinity(term("zone", Operator.In, "a", "b")), n, FITS);
        check(f, POD.withAffinity(term("zone", Operator.In, "b")), n, mismatch);
        check(f, POD.withAffinity(term("zone", Operator.NotIn, "b")), n, FITS);
        check(f, POD.withAffinity(term("rack", Operator.NotIn, "r1")), n, FITS); // absent is "not in"
        check(f, POD.withAffinity(term("zone", Operator.NotIn, "a")), n, mismatch);
        check(f, POD.withAffinity(term("zone", Operator.Exists)), n, FITS);
        check(f, POD.withAffinity(term("rack", Operator.Exists)), n, mismatch);
        check(f, POD.withAffinity(term("rack", Operator.DoesNotExist)), n, FITS);
        check(f, POD.withAffinity(term("zone", Operator.DoesNotExist)), n, mismatch);
        check(f, POD.withAffinity(term("cores", Operator.Gt, "8")), n, FITS);
        check(f, POD.withAffinity(term("cores", Operator.Gt, "16")), n, mismatch);
        check(f, POD.withAffinity(term("cores", Operator.Lt, "32")), n, FITS);
        check(f, POD.withAffinity(term("odd", Operator.Gt, "1")), n, mismatch); // not a number
        check(f, POD.withAffinity(term("rack", Operator.Lt, "1")), n, mismatch); // absent
        // terms are ORed, expressions within a term ANDed
        check(f, POD.withAffinity(term("zone", Operator.In, "b"), term("cores", Operator.Gt, "8")), n, FITS);
        check(f, POD.withAffinity(NodeSelectorTerm.of(
                NodeSelectorRequirement.of("zone", Operator.In, "a"),
                NodeSelectorRequirement.of("cores", Operator.Gt, "32"))), n, mismatch);
        // an empty term matches nothing
        check(f, POD.withAffinity(NodeSelectorTerm.of()), n, mismatch);
    }

    private static NodeSelectorTerm term(String key, Operator op, String... values) {
        return NodeSelectorTerm.of(NodeSelectorRequirement.of(key, op, values));
    }

    @Test
    void taints() {
        var f = new TaintsFilter();
        var gpu = new Taint("gpu", "true", TaintEffect.NoSchedule);
        var draining = new Taint("drain", "", TaintEffect.NoExecute);
        var soft = new Taint("spot", "yes", TaintEffect.PreferNoSchedule);
        var tainted = NODE.withTaints(gpu);
        check(f, POD, tainted, "node(s) had untolerated taint {gpu: true}");
        check(f, POD, NODE.withTaints(draining), "node(s) had untolerated taint {drain: }");
        check(f, POD, NODE.withTaints(soft), FITS); // PreferNoSchedule only scores
        check(f, POD.withTolerations(new Toleration("gpu", Toleration.Operator.Equal, "true", TaintEffect.NoSchedule)),
                tainted, FITS);
        check(f, POD.withTolerations(new Toleration("gpu", Toleration.Operator.Equal, "false", null)),
                tainted, "node(s) had untolerated taint {gpu: true}");
        check(f, POD.withTolerations(new Toleration("gpu", Toleration.Operator.Exists, "", null)), tainted, FITS);
        check(f, POD.withTolerations(new Toleration("gpu", Toleration.Operator.Exists, "", TaintEffect.NoExecute)),
                tainted, "node(s) had untolerated taint {gpu: true}"); // wrong effect
        check(f, POD.withTolerations(Toleration.everything()), NODE.withTaints(gpu, draining), FITS);
        check(f, POD.withTolerations(new Toleration("", Toleration.Operator.Exists, "", TaintEffect.NoSchedule)),
                NODE.withTaints(gpu, draining), "node(s) had untolerated taint {drain: }");
    }

    @Test
    void hostPorts() {
        var f = new HostPortsFilter();
        var busy = new NodeState("n1", true, 4000, 8 * GI, 110, 0, 0, 0,
                java.util.Set.of(HostPort.tcp(80)), null, null, null, null);
        String reason = "node(s) didn't have free ports for the requested pod ports";
        check(f, POD.withHostPorts(HostPort.tcp(80)), NODE, FITS);
        check(f, POD.withHostPorts(HostPort.tcp(80)), busy, reason);
        check(f, POD.withHostPorts(HostPort.tcp(8080), HostPort.tcp(80)), busy, reason);
        check(f, POD.withHostPorts(new HostPort("UDP", 80)), busy, FITS);
        check(f, POD, busy, FITS);
    }

    @Test
    void podCount() {
        var f = new PodCountFilter();
        check(f, POD, NodeState.empty("n", 4000, GI, 1), FITS);
        check(f, POD, NodeState.empty("n", 4000, GI, 1).plus(pod("other")), "too many pods");
        check(f, POD, NodeState.empty("n", 4000, GI, 0), "too many pods");
    }

    @Test
    void cpu() {
        var f = new CpuFilter();
        var half = node("n", 1000, 8).plus(pod("x", "", 500, 0));
        check(f, pod("p", "", 500, 0), half, FITS);   // exactly full is fine
        check(f, pod("p", "", 501, 0), half, "insufficient cpu");
        check(f, pod("p", "", 0, 0), node("n", 0, 8), FITS); // best effort always fits
    }

    @Test
    void memory() {
        var f = new MemoryFilter();
        var n = NodeState.empty("n", 4000, 1024 * MI, 110).plus(pod("x", "", 0, 512));
        check(f, pod("p", "", 0, 512), n, FITS);
        check(f, pod("p", "", 0, 513), n, "insufficient memory");
        check(f, pod("p", "", 0, 0), NodeState.empty("n", 4000, 0, 110), FITS);
    }
}
