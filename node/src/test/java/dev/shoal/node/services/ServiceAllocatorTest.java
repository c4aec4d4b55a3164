package dev.shoal.node.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceAllocatorTest {
    /** The claim rule of ClusterAllocations (putIfAbsent), over a plain map: the allocator's logic is under test here. */
    static final class MapAllocations implements Allocations {
        final Map<String, String> map = new HashMap<>();
        @Override public boolean claim(String value, String owner) { return map.putIfAbsent(value, owner) == null || map.get(value).equals(owner); }
        @Override public void release(String value, String owner) { map.remove(value, owner); }
        @Override public String owner(String value) { return map.getOrDefault(value, ""); }
    }

    private final MapAllocations allocations = new MapAllocations();
    private final ServiceAllocator allocator = new ServiceAllocator(allocations, Ipv4Range.parse("127.10.0.0/29"), new Random(7));

    private static ObjectNode service(String name, String spec) throws Exception {
        return (ObjectNode) Json.JSON.readTree("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"default"},"spec":%s}"""
                .formatted(name, spec));
    }

    @Test
    void everyServiceGetsItsOwnAddressUntilTheRangeIsFull() throws Exception {
        Ipv4Range range = Ipv4Range.parse("127.10.0.0/29");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < range.usable() - 1; i++) {  // one address is the cluster DNS's
            ObjectNode s = service("s" + i, "{\"ports\":[{\"port\":80}]}");
            allocator.allocate(s);
            String ip = s.path("spec").path("clusterIP").asText();
            assertTrue(range.contains(ip), ip);
            assertTrue(seen.add(ip), "unique: " + ip);
            assertNotEquals(range.dnsAddress(), ip, "the cluster DNS's address is never a Service's");
            assertEquals(ip, s.path("spec").path("clusterIPs").path(0).asText());
        }
        ApiException full = assertThrows(ApiException.class, () -> allocator.allocate(service("more", "{\"ports\":[{\"port\":80}]}")));
        assertTrue(full.getMessage().contains("127.10.0.0/29 is full"), full.getMessage());
    }

    @Test
    void theClusterDnsAddressCannotBeRequested() {
        ApiException reserved = assertThrows(ApiException.class,
                () -> allocator.allocate(service("dns", "{\"clusterIP\":\"127.10.0.6\",\"ports\":[{\"port\":53}]}")));
        assertEquals(422, reserved.code());
        assertTrue(reserved.getMessage().contains("reserved for the cluster DNS"), reserved.getMessage());
    }

    @Test
    void aRequestedAddressMustBeInTheRangeAndFree() throws Exception {
        ObjectNode a = service("a", "{\"clusterIP\":\"127.10.0.3\",\"ports\":[{\"port\":80}]}");
        allocator.allocate(a);
        assertEquals("127.10.0.3", a.path("spec").path("clusterIP").asText());

        ApiException taken = assertThrows(ApiException.class,
                () -> allocator.allocate(service("b", "{\"clusterIP\":\"127.10.0.3\",\"ports\":[{\"port\":80}]}")));
        assertEquals(422, taken.code());
        assertTrue(taken.getMessage().contains("spec.clusterIPs") && taken.getMessage().contains("provided IP is already allocated"),
                taken.getMessage());
        ApiException outside = assertThrows(ApiException.class,
                () -> allocator.allocate(service("c", "{\"clusterIP\":\"127.11.0.1\",\"ports\":[{\"port\":80}]}")));
        assertTrue(outside.getMessage().contains("not in the valid range. The range of valid IPs is 127.10.0.0/29"), outside.getMessage());

        allocator.release(a);
        allocator.allocate(service("b", "{\"clusterIP\":\"127.10.0.3\",\"ports\":[{\"port\":80}]}"));
    }

    @Test
    void nodePortsAreUniqueAndAFailedAllocationGivesBackWhatItTook() throws Exception {
        ObjectNode web = service("web", "{\"type\":\"NodePort\",\"ports\":[{\"name\":\"a\",\"port\":80},{\"name\":\"b\",\"port\":81,\"nodePort\":30081}]}");
        allocator.allocate(web);
        int picked = web.path("spec").path("ports").path(0).path("nodePort").asInt();
        assertTrue(picked >= 30000 && picked <= 32767, "picked " + picked);
        assertEquals(30081, web.path("spec").path("ports").path(1).path("nodePort").asInt());

        ObjectNode clash = service("clash", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30081}]}");
        ApiException e = assertThrows(ApiException.class, () -> allocator.allocate(clash));
        assertTrue(e.getMessage().contains("spec.ports[0].nodePort") && e.getMessage().contains("provided port is already allocated"),
                e.getMessage());
        assertEquals(3, allocations.map.size(), "web's IP and two ports; clash's IP was given back: " + allocations.map);
    }

    @Test
    void headlessAndExternalNameServicesGetNoAddressAndTurningIntoClusterIpFreesNodePorts() throws Exception {
        ObjectNode headless = service("h", "{\"clusterIP\":\"None\"}");
        allocator.allocate(headless);
        assertEquals("None", headless.path("spec").path("clusterIPs").path(0).asText());
        ObjectNode external = service("x", "{\"type\":\"ExternalName\",\"externalName\":\"db.example.org\"}");
        allocator.allocate(external);
        assertTrue(allocations.map.isEmpty(), allocations.map.toString());

        ObjectNode before = service("np", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80}]}");
        allocator.allocate(before);
        ObjectNode after = before.deepCopy();
        after.with("spec").put("type", "ClusterIP");
        allocator.update(before, after);
        assertTrue(after.path("spec").path("ports").path(0).path("nodePort").isMissingNode());
        assertEquals(1, allocations.map.size(), "only the cluster IP is still held: " + allocations.map);
    }

    @Test
    void rangesParseAndRefuseNonsense() {
        Ipv4Range r = Ipv4Range.parse("127.10.0.0/16");
        assertEquals(65534, r.usable());
        assertEquals("127.10.0.1", r.address(0));
        assertEquals("127.10.255.254", r.address(65533));
        assertTrue(r.contains("127.10.3.4"));
        assertTrue(!r.contains("127.10.0.0") && !r.contains("127.10.255.255") && !r.contains("127.11.0.1"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Range.parse("127.10.0.1/16"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Range.parse("127.10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Range.parse("300.1.0.0/16"));
    }
}
