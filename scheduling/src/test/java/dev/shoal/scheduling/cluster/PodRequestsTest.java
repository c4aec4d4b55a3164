package dev.shoal.scheduling.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.scheduling.HostPort;
import dev.shoal.scheduling.NodeSelectorRequirement;
import dev.shoal.scheduling.NodeSelectorTerm;
import dev.shoal.scheduling.PodRequest;
import dev.shoal.scheduling.TaintEffect;
import dev.shoal.scheduling.Toleration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MI = 1024L * 1024;

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void sumsContainerRequestsAndReadsEverySchedulingField() {
        PodRequest p = PodRequests.from(json("""
                {'metadata': {'name': 'web-1', 'namespace': 'shop'},
                 'spec': {
                   'containers': [
                     {'name': 'app', 'image': 'nginx:1.27',
                      'resources': {'requests': {'cpu': '250m', 'memory': '64Mi'}},
                      'ports': [{'containerPort': 80, 'hostPort': 8080}, {'containerPort': 53, 'hostPort': 53, 'protocol': 'UDP'},
                                {'containerPort': 9090}]},
                     {'name': 'sidecar', 'image': 'envoy',
                      'resources': {'requests': {'cpu': '0.5', 'memory': '1Gi'}}}],
                   'nodeSelector': {'disk': 'ssd'},
                   'affinity': {'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': {'nodeSelectorTerms': [
                     {'matchExpressions': [{'key': 'zone', 'operator': 'In', 'values': ['a', 'b']}]}]}}},
                   'tolerations': [{'key': 'gpu', 'operator': 'Exists', 'effect': 'NoSchedule'},
                                   {'operator': 'Exists'}]}}
                """), "shop/web");
        assertEquals("shop/web-1", p.podKey());
        assertEquals("shop/web", p.ownerKey());
        assertEquals(750, p.milliCpu());
        assertEquals(64 * MI + 1024 * MI, p.memoryBytes());
        assertEquals(List.of(HostPort.tcp(8080), new HostPort("UDP", 53)), p.hostPorts());
        assertEquals(Map.of("disk", "ssd"), p.nodeSelector());
        assertEquals(List.of(NodeSelectorTerm.of(
                NodeSelectorRequirement.of("zone", NodeSelectorRequirement.Operator.In, "a", "b"))),
                p.requiredNodeAffinity());
        assertEquals(List.of(new Toleration("gpu", Toleration.Operator.Exists, "", TaintEffect.NoSchedule),
                Toleration.everything()), p.tolerations());
        assertEquals("nginx:1.27", p.image());
    }

    @Test
    void limitsStandInForMissingRequestsPerResourceAsKubernetesDefaultsThem() {
        PodRequest p = PodRequests.from(json("""
                {'metadata': {'name': 'a'},
                 'spec': {'containers': [
                   {'image': 'x', 'resources': {'limits': {'cpu': '1', 'memory': '128Mi'}}},
                   {'image': 'y', 'resources': {'requests': {'cpu': '100m'}, 'limits': {'cpu': '2', 'memory': '32Mi'}}},
                   {'image': 'z'}]}}
                """), "");
        assertEquals("default/a", p.podKey());
        assertEquals(1000 + 100, p.milliCpu());
        assertEquals(128 * MI + 32 * MI, p.memoryBytes());
        assertEquals("", p.ownerKey());
    }

    @Test
    void malformedQuantityNamesTheResource() {
        var e = assertThrows(IllegalArgumentException.class, () -> PodRequests.from(json("""
                {'metadata': {'name': 'a'}, 'spec': {'containers': [{'resources': {'requests': {'memory': 'lots'}}}]}}
                """), ""));
        assertEquals(true, e.getMessage().startsWith("resources.memory: "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PodRequests.from(json("{'spec': {}}"), ""));
    }
}
