package dev.shoal.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import static dev.shoal.api.table.Fields.at;
import static dev.shoal.api.table.Fields.list;
import static dev.shoal.api.table.Fields.orNone;
import static dev.shoal.api.table.Fields.text;

/**
 * kubectl's node columns, plus Shoal's CPU, MEMORY and PODS capacity in the wide view: with no
 * master to ask, the capacity a node advertises is what its bids are made from, so operators want it
 * next to the node's name.
 */
final class NodePrinter implements KindPrinter {
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String LEGACY_ROLE = "kubernetes.io/role";

    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.of("Status", "Ready or NotReady, and SchedulingDisabled when cordoned."),
            Column.of("Roles", "Roles from node-role.kubernetes.io/<role> labels."),
            Column.age(),
            Column.of("Version", "The agent's version (status.nodeInfo.kubeletVersion)."),
            Column.of("Internal-IP", "The node's InternalIP address.").wide(),
            Column.of("External-IP", "The node's ExternalIP address.").wide(),
            Column.of("OS-Image", "status.nodeInfo.osImage.").wide(),
            Column.of("Kernel-Version", "status.nodeInfo.kernelVersion.").wide(),
            Column.of("Container-Runtime", "status.nodeInfo.containerRuntimeVersion.").wide(),
            Column.of("CPU", "CPU capacity.").wide(),
            Column.of("Memory", "Memory capacity.").wide(),
            Column.of("Pods", "How many pods the node takes.").wide());

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode node, List<Column> columns, Instant now) {
        return List.of(
                text(node, "metadata", "name"),
                status(node),
                roles(node),
                Fields.age(node, now),
                text(node, "status", "nodeInfo", "kubeletVersion"),
                address(node, "InternalIP"),
                address(node, "ExternalIP"),
                unknownIfEmpty(text(node, "status", "nodeInfo", "osImage")),
                unknownIfEmpty(text(node, "status", "nodeInfo", "kernelVersion")),
                unknownIfEmpty(text(node, "status", "nodeInfo", "containerRuntimeVersion")),
                orNone(text(node, "status", "capacity", "cpu")),
                orNone(text(node, "status", "capacity", "memory")),
                orNone(text(node, "status", "capacity", "pods")));
    }

    private static String status(ObjectNode node) {
        String status = "Unknown";
        for (JsonNode c : list(node, "status", "conditions")) {
            if (text(c, "type").equals("Ready")) status = text(c, "status").equals("True") ? "Ready" : "NotReady";
        }
        if (at(node, "spec", "unschedulable").asBoolean()) status += ",SchedulingDisabled";
        return status;
    }

    private static String roles(ObjectNode node) {
        TreeSet<String> roles = new TreeSet<>();
        at(node, "metadata", "labels").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(ROLE_PREFIX) && e.getKey().length() > ROLE_PREFIX.length()) {
                roles.add(e.getKey().substring(ROLE_PREFIX.length()));
            } else if (e.getKey().equals(LEGACY_ROLE) && !e.getValue().asText().isEmpty()) {
                roles.add(e.getValue().asText());
            }
        });
        return orNone(String.join(",", roles));
    }

    private static String address(ObjectNode node, String type) {
        for (JsonNode a : list(node, "status", "addresses")) {
            if (text(a, "type").equals(type)) return text(a, "address");
        }
        return Fields.NONE;
    }

    private static String unknownIfEmpty(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }
}
