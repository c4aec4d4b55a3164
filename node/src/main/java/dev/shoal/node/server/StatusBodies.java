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

    /**
     * Another node's error answer as an exception to answer with here: its Status's code, reason,
     * message and causes; a body that is no Status is quoted, briefly.
     */
    public static ApiException toException(int httpStatus, String body) {
        com.fasterxml.jackson.databind.JsonNode status;
        try {
            status = body == null || body.isBlank() ? null : Json.JSON.readTree(body);
        } catch (java.io.IOException e) {
            status = null;
        }
        if (status == null || !"Status".equals(status.path("kind").asText())) {
            String text = body == null ? "" : body.strip();
            if (text.length() > 200) text = text.substring(0, 200) + "...";
            return new ApiException(httpStatus, "Unknown", "the pod's node answered HTTP " + httpStatus
                    + (text.isEmpty() ? "" : ": " + text), java.util.List.of(), null);
        }
        java.util.List<FieldCause> causes = new java.util.ArrayList<>();
        for (var c : status.path("details").path("causes")) {
            causes.add(new FieldCause(c.path("reason").asText(""), c.path("message").asText(""), c.path("field").asText("")));
        }
        return new ApiException(status.path("code").asInt(httpStatus), status.path("reason").asText(""),
                status.path("message").asText(""), causes, null);
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
