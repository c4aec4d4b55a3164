package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveNodesTest {
    @Test
    void simulatedNodesLiveExactlyWhileTheirHostIsAMember() {
        Map<String, String> hosts = Map.of("a-sim-0", "a", "a-sim-1", "a", "b-sim-0", "b");
        assertEquals(Set.of("a", "c", "a-sim-0", "a-sim-1"), LiveNodes.of(Set.of("a", "c"), hosts));
        assertEquals(Set.of(), LiveNodes.of(Set.of(), hosts));
    }

    @Test
    void hostsReadsOnlySimulatedNodes() {
        assertEquals(Map.of("a-sim-0", "a"), LiveNodes.hosts(List.of(
                node("a-sim-0", "true", "a"), node("a", null, null), node("fake", "false", "a"), node("orphan", "true", null))));
    }

    private static ObjectNode node(String name, String simulated, String hostedBy) {
        ObjectNode n = Json.object();
        Meta.metadata(n).put("name", name);
        if (simulated != null) Meta.metadata(n).putObject("labels").put(LiveNodes.SIMULATED, simulated);
        if (hostedBy != null) Meta.metadata(n).putObject("annotations").put(LiveNodes.HOSTED_BY, hostedBy);
        return n;
    }
}
