package dev.shoal.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.ResourceType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' strategic merge patch (apimachinery {@code strategicpatch.mergeMap}/{@code mergeSlice}),
 * for the kinds Shoal serves. Maps merge key by key and null deletes; lists follow {@link ListStrategy}.
 * Directives: {@code $patch: replace|delete|merge} in a map or list element,
 * {@code $retainKeys}, {@code $deleteFromPrimitiveList/<field>} and {@code $setElementOrder/<field>}.
 */
final class StrategicMerge {
    static final String PATCH = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_FROM = "$deleteFromPrimitiveList/";
    static final String ORDER = "$setElementOrder/";

    private final ResourceType type;

    private StrategicMerge(ResourceType type) {
        this.type = type;
    }

    static ObjectNode apply(ResourceType type, ObjectNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) throw bad("a strategic merge patch must be an object");
        return new StrategicMerge(type).mergeMap(target.deepCopy(), (ObjectNode) patch, List.of());
    }

    /** Merges {@code patch} into {@code original}, which this call owns and modifies. */
    private ObjectNode mergeMap(ObjectNode original, ObjectNode patch, List<String> path) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            switch (directive.asText()) {
                case "replace" -> {
                    ObjectNode withoutDirective = patch.deepCopy();
                    withoutDirective.remove(PATCH);
                    return mergeMap(empty(), withoutDirective, path);
                }
                case "delete" -> { return empty(); }
                case "merge" -> { /* the default */ }
                default -> throw bad("unknown patch type: " + FieldCause.render(directive) + " in map");
            }
        }
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null) retainKeys(original, retain);
        // the server's order, before merging, for $setElementOrder
        Map<String, JsonNode> serverLists = new java.util.HashMap<>();
        patch.fieldNames().forEachRemaining(k -> {
            if (k.startsWith(ORDER)) serverLists.put(k.substring(ORDER.length()), original.path(k.substring(ORDER.length())).deepCopy());
        });
        var fields = patch.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.startsWith(DELETE_FROM)) {
                deleteFromPrimitiveList(original, k.substring(DELETE_FROM.length()), v);
            } else if (k.startsWith("$")) {
                if (!k.equals(PATCH) && !k.equals(RETAIN_KEYS) && !k.startsWith(ORDER)) throw bad("unknown directive " + FieldCause.render(k));
            } else if (v.isNull()) {
                original.remove(k);
            } else {
                original.set(k, mergeValue(original.get(k), v, child(path, k)));
            }
        }
        for (Map.Entry<String, JsonNode> e : serverLists.entrySet()) {
            String field = e.getKey();
            List<String> p = child(path, field);
            JsonNode merged = original.get(field);
            if (merged == null || !merged.isArray()) continue;
            ListStrategy strategy = ListStrategy.of(type, p);
            JsonNode order = patch.get(ORDER + field);
            if (!order.isArray()) throw bad(ORDER + field + " must be a list");
            List<String> orderKeys = new ArrayList<>();
            for (JsonNode o : order) orderKeys.add(keyOf(o, strategy, p));
            original.set(field, ElementOrder.normalize((ArrayNode) merged, orderKeys, keys(e.getValue(), strategy),
                    n -> keyOf(n, strategy, p)));
        }
        return original;
    }

    private JsonNode mergeValue(JsonNode original, JsonNode patch, List<String> path) {
        if (patch.isObject()) {
            ObjectNode base = original != null && original.isObject() ? (ObjectNode) original : empty();
            return mergeMap(base, (ObjectNode) patch, path);
        }
        if (patch.isArray()) {
            ArrayNode base = original != null && original.isArray() ? (ArrayNode) original : JsonNodeFactory.instance.arrayNode();
            return mergeList(base, (ArrayNode) patch, path);
        }
        return patch.deepCopy();
    }

    private ArrayNode mergeList(ArrayNode original, ArrayNode patch, List<String> path) {
        ListStrategy strategy = ListStrategy.of(type, path);
        switch (strategy.kind()) {
            case REPLACE -> {
                return cleaned(patch, path);
            }
            case MERGE_PRIMITIVES -> {
                ArrayNode merged = original.deepCopy();
                Set<String> present = new HashSet<>(keys(original, strategy));
                for (JsonNode v : patch) if (present.add(v.toString())) merged.add(v.deepCopy());
                return ElementOrder.normalize(merged, keys(patch, strategy), keys(original, strategy), JsonNode::toString);
            }
            default -> {
                return mergeByKey(original, patch, path, strategy);
            }
        }
    }

    private ArrayNode mergeByKey(ArrayNode original, ArrayNode patch, List<String> path, ListStrategy strategy) {
        for (JsonNode item : patch) {
            if (item.isObject() && item.path(PATCH).asText().equals("replace")) {
                // {"$patch": "replace"} as an element: the rest of the patch list is the new list
                ArrayNode rest = JsonNodeFactory.instance.arrayNode();
                for (JsonNode other : patch) if (other != item) rest.add(other);
                return cleaned(rest, path);
            }
        }
        List<String> serverOrder = keys(original, strategy);
        ArrayNode merged = original.deepCopy();
        List<String> patchOrder = new ArrayList<>();
        for (JsonNode item : patch) {
            if (!item.isObject()) throw bad("a list merged by " + strategy.mergeKey() + " must hold objects: " + String.join(".", path));
            String key = keyOf(item, strategy, path);
            int at = indexOf(merged, key, strategy);
            String directive = item.path(PATCH).asText("");
            if (directive.equals("delete")) {
                if (at >= 0) merged.remove(at);
                continue;
            }
            if (!directive.isEmpty() && !directive.equals("merge")) throw bad("unknown patch type: " + FieldCause.render(directive) + " in list");
            patchOrder.add(key);
            if (at >= 0) merged.set(at, mergeMap((ObjectNode) merged.get(at), (ObjectNode) item, path));
            else merged.add(mergeMap(empty(), (ObjectNode) item, path));
        }
        return ElementOrder.normalize(merged, patchOrder, serverOrder, n -> keyOf(n, strategy, path));
    }

    /** A list taken whole from the patch, with directives and nulls stripped from its maps. */
    private ArrayNode cleaned(ArrayNode list, List<String> path) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : list) out.add(item.isObject() ? mergeMap(empty(), (ObjectNode) item, path) : item.deepCopy());
        return out;
    }

    private static void retainKeys(ObjectNode original, JsonNode retain) {
        if (!retain.isArray()) throw bad(RETAIN_KEYS + " must be a list of field names");
        Set<String> keep = new HashSet<>();
        retain.forEach(k -> keep.add(k.asText()));
        original.retain(keep);
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode values) {
        if (!values.isArray()) throw bad(DELETE_FROM + field + " must be a list");
        JsonNode list = original.get(field);
        if (list == null || !list.isArray()) return;
        Set<String> gone = new HashSet<>();
        values.forEach(v -> gone.add(v.toString()));
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        list.forEach(v -> { if (!gone.contains(v.toString())) kept.add(v); });
        original.set(field, kept);
    }

    private static List<String> keys(JsonNode list, ListStrategy strategy) {
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) for (JsonNode n : list) out.add(keyOfLenient(n, strategy));
        return out;
    }

    private static int indexOf(ArrayNode list, String key, ListStrategy strategy) {
        for (int i = 0; i < list.size(); i++) if (keyOfLenient(list.get(i), strategy).equals(key)) return i;
        return -1;
    }

    /** The merge key's value as text (80 and "80" are one key, as in Kubernetes' JSON round trip). */
    private static String keyOf(JsonNode item, ListStrategy strategy, List<String> path) {
        if (strategy.kind() != ListStrategy.Kind.MERGE_BY_KEY) return item.toString();
        JsonNode k = item.get(strategy.mergeKey());
        if (k == null || k.isNull() || k.isContainerNode()) {
            throw bad("map: " + item + " does not contain declared merge key: " + strategy.mergeKey()
                    + " (in " + String.join(".", path) + ")");
        }
        return k.asText();
    }

    /** For lists already stored, where an element without the key simply never matches. */
    private static String keyOfLenient(JsonNode item, ListStrategy strategy) {
        if (strategy.kind() != ListStrategy.Kind.MERGE_BY_KEY) return item.toString();
        JsonNode k = item.get(strategy.mergeKey());
        return k == null || k.isContainerNode() ? "\u0000" + item : k.asText();
    }

    private static List<String> child(List<String> path, String field) {
        List<String> p = new ArrayList<>(path);
        p.add(field);
        return p;
    }

    private static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest("invalid strategic merge patch: " + message, FieldCause.invalid("body", message));
    }
}
