package dev.shoal.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Null-safe reads from an object's JSON tree, and the small formatting rules kubectl applies
 * to several kinds (label maps, selectors, container lists, "&lt;none&gt;").
 */
final class Fields {
    static final String NONE = "<none>";

    private Fields() {}

    /** The node at a path of field names; a MissingNode (never null) when any step is absent. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node == null ? MissingNode.getInstance() : node;
        for (String field : path) n = n.path(field);
        return n;
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isMissingNode() || n.isNull() ? "" : n.asText();
    }

    static long number(JsonNode node, String... path) {
        return at(node, path).asLong(0);
    }

    static String orNone(String s) {
        return s == null || s.isEmpty() ? NONE : s;
    }

    static List<JsonNode> list(JsonNode node, String... path) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode n = at(node, path);
        if (n.isArray()) n.forEach(out::add);
        return out;
    }

    static String age(ObjectNode obj, Instant now) {
        return Ages.since(text(obj, "metadata", "creationTimestamp"), now);
    }

    /** "a=1,b=2", sorted by key as Kubernetes formats label sets; "" when empty. */
    static String labels(JsonNode map) {
        Map<String, String> sorted = new TreeMap<>();
        if (map != null && map.isObject()) map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /**
     * A LabelSelector ({@code matchLabels} and {@code matchExpressions}) in the command-line syntax,
     * requirements sorted by key as Kubernetes' {@code labels.Selector.String()} does.
     */
    static String selector(JsonNode selector) {
        Map<String, List<String>> byKey = new TreeMap<>();
        at(selector, "matchLabels").fields().forEachRemaining(
                e -> byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode expr : list(selector, "matchExpressions")) {
            String key = text(expr, "key");
            List<String> values = new ArrayList<>();
            list(expr, "values").forEach(v -> values.add(v.asText()));
            values.sort(null);
            String requirement = switch (text(expr, "operator")) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + text(expr, "operator");
            };
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(requirement);
        }
        List<String> parts = new ArrayList<>();
        byKey.values().forEach(parts::addAll);
        return String.join(",", parts);
    }

    /** Container names of a pod template ("web,sidecar"). */
    static String containerNames(JsonNode podSpec) {
        return join(list(podSpec, "containers"), "name");
    }

    static String containerImages(JsonNode podSpec) {
        return join(list(podSpec, "containers"), "image");
    }

    private static String join(List<JsonNode> items, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : items) out.add(text(item, field));
        return String.join(",", out);
    }
}
