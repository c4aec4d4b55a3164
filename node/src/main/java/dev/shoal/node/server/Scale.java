package dev.shoal.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.selector.LabelSelector;

import java.util.List;

/** The {@code autoscaling/v1 Scale} view of a Deployment or ReplicaSet (the {@code scale} subresource). */
final class Scale {
    private Scale() {}

    static ObjectNode of(ObjectNode owner) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            JsonNode v = owner.path("metadata").get(f);
            if (v != null) meta.set(f, v);
        }
        scale.putObject("spec").put("replicas", owner.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", owner.path("status").path("replicas").asInt(0));
        JsonNode selector = owner.path("spec").get("selector");
        if (selector != null) status.put("selector", LabelSelector.fromJson(selector).toString());
        return scale;
    }

    /** The replica count a Scale body asks for. */
    static int requestedReplicas(JsonNode scale) {
        JsonNode r = scale.path("spec").get("replicas");
        if (r == null || !r.canConvertToInt()) {
            throw ApiException.badRequest("spec.replicas: Required value", FieldCause.required("spec.replicas"));
        }
        int replicas = r.asInt();
        if (replicas < 0) {
            throw new ApiException(422, "Invalid", "Scale \"" + Meta.name((ObjectNode) scale)
                    + "\" is invalid: spec.replicas: Invalid value: " + replicas + ": must be greater than or equal to 0",
                    List.of(FieldCause.invalid("spec.replicas", "Invalid value: " + replicas + ": must be greater than or equal to 0")), null);
        }
        return replicas;
    }
}
