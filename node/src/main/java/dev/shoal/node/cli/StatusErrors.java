package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Turns an HTTP error answer into an {@link ApiException}, reading the body as a Kubernetes Status. */
final class StatusErrors {
    private StatusErrors() {}

    static ApiException fromResponse(int code, String body) {
        JsonNode status = parse(body);
        if (status == null || !"Status".equals(status.path("kind").asText())) {
            // not a Status: a proxy or a foreign server answered; say what we got, briefly
            String text = body == null ? "" : body.strip();
            if (text.length() > 200) text = text.substring(0, 200) + "...";
            String message = "the server answered HTTP " + code + (text.isEmpty() ? "" : ": " + text);
            return new ApiException(code, "Unknown", message, List.of(), null);
        }
        List<FieldCause> causes = new ArrayList<>();
        for (JsonNode c : status.path("details").path("causes")) {
            causes.add(new FieldCause(c.path("reason").asText(""), c.path("message").asText(""), c.path("field").asText("")));
        }
        String message = status.path("message").asText("");
        if (message.isEmpty()) message = causes.isEmpty() ? "the server answered HTTP " + code : joined(causes);
        int statusCode = status.path("code").asInt(code);
        if (statusCode == 401) {
            // kubectl's words, and where a token comes from
            message = "You must be logged in to the server (" + message + "): give a token with --token, $SHOAL_TOKEN"
                    + " or token= in ~/.shoal/config";
        }
        return new ApiException(statusCode, status.path("reason").asText(""), message, causes, null);
    }

    private static String joined(List<FieldCause> causes) {
        List<String> parts = new ArrayList<>();
        causes.forEach(c -> parts.add(c.toString()));
        return String.join(", ", parts);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            return Json.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
