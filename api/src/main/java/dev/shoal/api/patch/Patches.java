package dev.shoal.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ResourceType;

/** The patch formats of {@code PATCH} requests, by content type. Inputs are never modified. */
public final class Patches {
    private Patches() {}

    /** {@code application/merge-patch+json}: objects merge, null deletes, everything else replaces. */
    public static ObjectNode jsonMergePatch(ObjectNode target, JsonNode patch) {
        return MergePatch.apply(target, patch);
    }

    /** {@code application/json-patch+json}: a list of operations; malformed is 400, inapplicable 422. */
    public static ObjectNode jsonPatch(ObjectNode target, JsonNode ops) {
        return JsonPatch.apply(target, ops);
    }

    /** {@code application/strategic-merge-patch+json}: lists merge by the key Kubernetes declares for them. */
    public static ObjectNode strategicMergePatch(ResourceType type, ObjectNode target, JsonNode patch) {
        return StrategicMerge.apply(type, target, patch);
    }
}
