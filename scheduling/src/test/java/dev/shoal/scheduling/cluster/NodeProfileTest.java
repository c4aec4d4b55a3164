package dev.shoal.scheduling.cluster;

import static dev.shoal.scheduling.cluster.PodRequestsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shoal.scheduling.HostPort;
import dev.shoal.scheduling.Ledger;
import dev.shoal.scheduling.NodeCapacityLimits;
import dev.shoal.scheduling.NodeState;
import dev.shoal.scheduling.Reservation;
import dev.shoal.scheduling.Taint;
import dev.shoal.scheduling.TaintEffect;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeProfileTest {
    private static final long MI = 1024L * 1024;

    @Test
    void readsAKubernetesNode() {
        NodeProfile n = NodeProfile.fromNodeObject(json("""
                {'metadata': {'name': 'w1', 'labels': {'zone': 'a', 'kubernetes.io/hostname': 'w1'}},
                 'spec': {'taints': [{'key': 'gpu', 'value': 'true', 'effect': 'NoSchedule'}]},
                 'status': {
                   'capacity': {'cpu': '4', 'memory': '8Gi', 'pods': '110'},
                   'allocatable': {'cpu': '3800m', 'memory': '7680Mi', 'pods': '100'},
                   'conditions': [{'type': 'MemoryPressure', 'status': 'False'}, {'type': 'Ready', 'status': 'True'}],
                   'images': [{'names': ['nginx:1.27', 'docker.io/library/nginx@sha256:abc'], 'sizeBytes': 1}]}}
                """));
        assertEquals("w1", n.name());
        assertTrue(n.ready());
        assertEquals(3800, n.milliCpu());
        assertEquals(7680 * MI, n.memoryBytes());
        assertEquals(100, n.pods());
        assertEquals(Map.of("zone", "a", "kubernetes.io/hostname", "w1"), n.labels());
        assertEquals(List.of(new Taint("gpu", "true", TaintEffect.NoSchedule)), n.taints());
        assertEquals(Set.of("nginx:1.27", "docker.io/library/nginx@sha256:abc"), n.images());
    }

    @Test
    void notReadyUnlessReadyIsTrueAndCordonedMeansTheUnschedulableTaint() {
        NodeProfile unknown = NodeProfile.fromNodeObject(json("""
                {'metadata': {'name': 'w2'}, 'spec': {'unschedulable': true},
                 'status': {'capacity': {'cpu': '2', 'memory': '1Gi', 'pods': '10'},
                            'conditions': [{'type': 'Ready', 'status': 'Unknown'}]}}
                """));
        assertFalse(unknown.ready());
        assertEquals(2000, unknown.milliCpu()); // only capacity reported: taken as allocatable
        assertEquals(List.of(new Taint(NodeProfile.UNSCHEDULABLE_TAINT, "", TaintEffect.NoSchedule)), unknown.taints());
        assertFalse(NodeProfile.fromNodeObject(json("{'metadata': {'name': 'w3'}, 'status': {}}")).ready());
    }

    @Test
    void stateIsProfileLessLedger() {
        NodeProfile n = NodeProfile.of("w1", 2000, 1024 * MI, 10);
        Ledger l = Ledger.empty("w1")
                .tryReserve(new Reservation("ns/a", 500, 100 * MI, Set.of(HostPort.tcp(80)), "ns/web"), n.limits()).orElseThrow()
                .tryReserve(new Reservation("ns/b", 250, 100 * MI, Set.of(), "ns/web"), n.limits()).orElseThrow();
        NodeState s = n.stateWith(l);
        assertEquals(1250, s.freeMilliCpu());
        assertEquals(824 * MI, s.freeMemoryBytes());
        assertEquals(8, s.freePods());
        assertEquals(Set.of(HostPort.tcp(80)), s.usedHostPorts());
        assertEquals(2, s.podsOf("ns/web"));
        assertEquals(new NodeCapacityLimits(2000, 1024 * MI, 10), n.limits());
        assertEquals(2000, n.stateWith(null).freeMilliCpu());
    }
}
