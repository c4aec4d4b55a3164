package dev.shoal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the {@code metadata} of an object held as a JSON tree. Every getter tolerates
 * missing fields (returns "" or an empty map), so callers never deal with nulls.
 */
public final class Meta {
    private Meta() {}

    public static ObjectNode metadata(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m instanceof ObjectNode on) return on;
        return obj.putObject("metadata");
    }

    public static String text(JsonNode node, String field) {
        if (node == null) return "";
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    public static String name(ObjectNode obj) { return text(obj.get("metadata"), "name"); }
    public static String namespace(ObjectNode obj) { return text(obj.get("metadata"), "namespace"); }
    public static String uid(ObjectNode obj) { return text(obj.get("metadata"), "uid"); }
    public static String resourceVersion(ObjectNode obj) { return text(obj.get("metadata"), "resourceVersion"); }

    /** resourceVersion as a number; 0 when absent. Shoal's resourceVersions are decimal longs. */
    public static long resourceVersionNumber(ObjectNode obj) {
        String rv = resourceVersion(obj);
        if (rv.isEmpty()) return 0;
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("metadata.resourceVersion: must be a resourceVersion issued by this cluster",
                    FieldCause.invalid("metadata.resourceVersion", "not a resourceVersion issued by this cluster: " + rv));
        }
    }

    public static long generation(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        return m == null || m.get("generation") == null ? 0 : m.get("generation").asLong();
    }

    public static Map<String, String> labels(ObjectNode obj) { return stringMap(obj.get("metadata"), "labels"); }
    public static Map<String, String> annotations(ObjectNode obj) { return stringMap(obj.get("metadata"), "annotations"); }

    public static Map<String, String> stringMap(JsonNode parent, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (parent == null) return out;
        JsonNode m = parent.get(field);
        if (m != null && m.isObject()) m.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    public static boolean isDeleting(ObjectNode obj) {
        return !text(obj.get("metadata"), "deletionTimestamp").isEmpty();
    }

    /** The key of an object of the given kind; the namespace is ignored for cluster-scoped kinds. */
    public static ObjectKey key(ResourceType type, ObjectNode obj) {
        return new ObjectKey(type, type.namespaced() ? namespace(obj) : "", name(obj));
    }
}
