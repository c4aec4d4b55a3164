package dev.shoal.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;

/** RFC 7386 JSON merge patch. */
final class MergePatch {
    private MergePatch() {}

    static ObjectNode apply(ObjectNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            String msg = "a merge patch for an object must itself be an object";
            throw ApiException.badRequest(msg, FieldCause.invalid("body", msg));
        }
        return (ObjectNode) merge(target, patch);
    }

    /** RFC 7386 section 2, MergePatch(Target, Patch), without touching either argument. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch.deepCopy();
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) result.remove(e.getKey());
            else result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
        });
        return result;
    }
}
