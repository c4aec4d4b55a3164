package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The desired state as one node last saw it: every live object, and a resourceVersion at least
 * as high as any of theirs. On disk:
 * <pre>{"resourceVersion": 42, "objects": {"deployments": [{...}], "pods": [...]}}</pre>
 */
record Snapshot(long resourceVersion, Map<ResourceType, List<ObjectNode>> objects) {

    Snapshot {
        Map<ResourceType, List<ObjectNode>> copy = new EnumMap<>(ResourceType.class);
        objects.forEach((type, list) -> copy.put(type, List.copyOf(list)));
        objects = copy;
    }

    int size() {
        return objects.values().stream().mapToInt(List::size).sum();
    }

    ObjectNode toJson() {
        ObjectNode root = Json.object();
        root.put("resourceVersion", resourceVersion);
        ObjectNode kinds = root.putObject("objects");
        objects.forEach((type, list) -> {
            ArrayNode array = kinds.putArray(type.plural());
            list.forEach(array::add);
        });
        return root;
    }

    /** Kinds this build does not know are skipped: a snapshot from a newer build still loads. */
    static Snapshot fromJson(JsonNode root) {
        Map<ResourceType, List<ObjectNode>> objects = new EnumMap<>(ResourceType.class);
        JsonNode kinds = root.path("objects");
        for (ResourceType type : ResourceType.values()) {
            List<ObjectNode> list = new ArrayList<>();
            for (JsonNode o : kinds.path(type.plural())) {
                if (o instanceof ObjectNode on) list.add(on);
            }
            objects.put(type, list);
        }
        return new Snapshot(root.path("resourceVersion").asLong(), objects);
    }
}
