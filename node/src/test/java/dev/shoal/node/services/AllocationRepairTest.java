package dev.shoal.node.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.internal.FailureDetection;
import dev.shoal.membership.internal.HazelcastClusterMember;
import dev.shoal.membership.internal.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Claims in a real single-member cluster; the clock is moved by hand. */
class AllocationRepairTest {
    @TempDir Path dir;
    private HazelcastClusterMember member;
    private Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        member = HazelcastClusterMember.start(new ClusterSettings("n1", "127.0.0.1", port, List.of(), "repair-" + UUID.randomUUID(),
                dir.resolve("store"), Map.of()), FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
        member.store().create(ResourceType.NAMESPACE, (ObjectNode) Json.JSON.readTree(
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}"));
    }

    @AfterEach
    void stop() {
        if (member != null) member.close();
    }

    @Test
    void claimsNoServiceHoldsAreFreedOnceTheyAreOlderThanTheGrace() throws Exception {
        ClusterAllocations allocations = new ClusterAllocations(member.hazelcast(), clock);
        ServiceAllocator allocator = new ServiceAllocator(allocations, Ipv4Range.parse("127.10.0.0/24"), new java.util.Random(1));
        ObjectNode web = (ObjectNode) Json.JSON.readTree("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
                 "spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80}]}}""");
        allocator.allocate(web);
        member.store().create(ResourceType.SERVICE, web);
        // an agent that died between claim and create left these behind
        allocations.claim("clusterip/127.10.0.200", "services/default/ghost");
        allocations.claim("nodeport/30999", "services/default/web");
        AllocationRepair repair = new AllocationRepair(allocations, member.store(), clock);

        assertEquals(0, repair.repair(), "all younger than the grace: a create may still be on its way");
        now = now.plus(AllocationRepair.GRACE).plusSeconds(1);
        assertEquals(2, repair.repair(), "the ghost's IP, and a node port web does not hold");
        assertEquals("", allocations.owner("clusterip/127.10.0.200"));
        assertEquals("", allocations.owner("nodeport/30999"));
        assertEquals("services/default/web", allocations.owner("clusterip/" + web.path("spec").path("clusterIP").asText()));
        assertEquals("services/default/web", allocations.owner("nodeport/" + web.path("spec").path("ports").path(0).path("nodePort").asInt()));
        assertEquals(0, repair.repair());
    }
}
