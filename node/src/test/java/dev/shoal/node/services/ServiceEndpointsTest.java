package dev.shoal.node.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceEndpointsTest {
    static ObjectNode pod(String name, String app, String node, String ip, int hostPort, boolean ready, boolean deleting) throws Exception {
        return (ObjectNode) Json.JSON.readTree("""
                {"metadata":{"name":"%s","namespace":"default","labels":{"app":"%s"}%s},
                 "spec":{"nodeName":"%s","containers":[{"name":"c","ports":[{"name":"http","containerPort":8080}]}]},
                 "status":{"phase":"Running","hostIP":"%s","hostPorts":[{"containerPort":8080,"hostPort":%d,"protocol":"TCP"}],
                   "conditions":[{"type":"Ready","status":"%s"}]}}"""
                .formatted(name, app, deleting ? ",\"deletionTimestamp\":\"2026-11-27T10:00:00Z\"" : "", node, ip, hostPort,
                        ready ? "True" : "False"));
    }

    static ObjectNode service(String ports) throws Exception {
        return (ObjectNode) Json.JSON.readTree("""
                {"metadata":{"name":"web","namespace":"default","resourceVersion":"7"},
                 "spec":{"selector":{"app":"web"},"clusterIP":"127.10.0.5","ports":%s}}""".formatted(ports));
    }

    @Test
    void eachSelectedPodIsReachedAtItsNodeAndPublishedPortByNumberOrName() throws Exception {
        List<ObjectNode> pods = List.of(
                pod("web-b", "web", "node-2", "127.0.0.3", 40001, true, false),
                pod("web-a", "web", "node-1", "127.0.0.2", 40000, true, false),
                pod("web-c", "web", "node-3", "127.0.0.4", 40000, false, false),
                pod("web-d", "web", "node-3", "127.0.0.4", 40002, true, true),
                pod("db-a", "db", "node-1", "127.0.0.2", 40005, true, false));
        for (String target : List.of("8080", "\"http\"")) {
            var ports = ServiceEndpoints.of(service("[{\"port\":80,\"targetPort\":" + target + "}]"), pods);
            assertEquals(1, ports.size());
            assertEquals(List.of(
                    new ServiceEndpoints.Endpoint("web-a", "node-1", "127.0.0.2", 40000, true, false),
                    new ServiceEndpoints.Endpoint("web-b", "node-2", "127.0.0.3", 40001, true, false),
                    new ServiceEndpoints.Endpoint("web-c", "node-3", "127.0.0.4", 40000, false, false),
                    new ServiceEndpoints.Endpoint("web-d", "node-3", "127.0.0.4", 40002, false, true)), ports.get(0).endpoints(),
                    "targetPort " + target + ": sorted by pod, NotReady and terminating marked, db not selected");
        }
        assertEquals(List.of(), ServiceEndpoints.of(service("[{\"port\":80,\"targetPort\":9090}]"), pods).get(0).endpoints(),
                "a port no pod publishes has no endpoints");
    }

    @Test
    void theEndpointsObjectGroupsAddressesByPortAsKubectlShowsThem() throws Exception {
        ObjectNode ep = ServiceEndpoints.endpointsObject(service("[{\"port\":80,\"targetPort\":8080}]"), List.of(
                pod("web-a", "web", "node-1", "127.0.0.2", 40000, true, false),
                pod("web-c", "web", "node-3", "127.0.0.4", 40000, false, false)));
        assertEquals("Endpoints", ep.path("kind").asText());
        assertEquals(2, ep.path("subsets").size(), ep.toString());
        assertEquals("127.0.0.2", ep.path("subsets").path(0).path("addresses").path(0).path("ip").asText());
        assertEquals(40000, ep.path("subsets").path(0).path("ports").path(0).path("port").asInt());
        assertEquals("web-c", ep.path("subsets").path(1).path("notReadyAddresses").path(0).path("targetRef").path("name").asText());
    }

    @Test
    void endpointSlicesGroupPodsThatShareTheirPortsAndNameUnnamedPortsEmpty() throws Exception {
        var slices = ServiceEndpoints.endpointSlices(service("[{\"port\":80,\"targetPort\":8080}]"), List.of(
                pod("web-a", "web", "node-1", "127.0.0.2", 40000, true, false),
                pod("web-b", "web", "node-2", "127.0.0.3", 40000, true, false),
                pod("web-c", "web", "node-3", "127.0.0.4", 40001, false, true)));
        assertEquals(2, slices.size(), slices.toString());
        ObjectNode shared = slices.get(0);
        assertEquals("web", shared.path("metadata").path("labels").path("kubernetes.io/service-name").asText());
        assertEquals("", shared.path("ports").path(0).path("name").asText("missing"), "kubectl dereferences the name");
        assertEquals(40000, shared.path("ports").path(0).path("port").asInt());
        assertEquals(2, shared.path("endpoints").size());
        ObjectNode draining = slices.get(1);
        assertEquals(false, draining.path("endpoints").path(0).path("conditions").path("ready").asBoolean());
        assertEquals(true, draining.path("endpoints").path(0).path("conditions").path("terminating").asBoolean());
    }
}
