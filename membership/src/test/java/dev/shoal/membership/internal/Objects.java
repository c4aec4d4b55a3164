package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;

/** Small manifests for tests. */
final class Objects {
    private Objects() {}

    static ObjectNode deployment(String namespace, String name, int replicas) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "apps/v1").put("kind", "Deployment");
        o.putObject("metadata").put("namespace", namespace).put("name", name);
        o.putObject("spec").put("replicas", replicas);
        return o;
    }

    static ObjectNode event(String namespace, String name, String message) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "Event");
        o.putObject("metadata").put("namespace", namespace).put("name", name);
        o.put("message", message);
        return o;
    }
}
