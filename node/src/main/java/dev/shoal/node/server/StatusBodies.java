package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Json;

/** Kubernetes {@code Status} objects, the body of every error and of some deletes. */
public final class StatusBodies {
    private StatusBodies() {}

    public static ObjectNode failure(ApiException e) {
        ObjectNode s = base("Failure");
        s.put("message", e.getMessage());
        s.put("reason", e.reason());
        ObjectNode details = Json.object();
        if (e.key() != null) {
            details.put("name", e.key().name());
            if (!e.key().type().group().isEmpty()) details.put("group", e.key().type().group());
            details.put("kind", e.key().type().plural());
        }
        if (!e.causes().isEmpty()) {
            ArrayNode causes = details.putArray("causes");
            for (FieldCause c : e.causes()) {
                causes.addObject().put("reason", c.reason()).put("message", c.message()).put("field", c.field());
            }
        }
        if (!details.isEmpty()) s.set("details", details);
        s.put("code", e.code());
        return s;
    }

    public static ObjectNode success(String kindPlural, String group, String name, String uid) {
        ObjectNode s = base("Success");
        ObjectNode details = s.putObject("details");
        details.put("name", name);
        if (!group.isEmpty()) details.put("group", group);
        details.put("kind", kindPlural);
        details.put("uid", uid);
        return s;
    }

    private static ObjectNode base(String status) {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", status);
        return s;
    }
}
