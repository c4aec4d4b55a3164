package dev.shoal.node.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What one API call answers: an HTTP status, a JSON body, and Kubernetes-style warnings
 * (sent as {@code Warning: 299 - "..."} headers, which kubectl prints).
 */
public record ApiResponse(int status, JsonNode body, List<String> warnings) {
    public ApiResponse {
        warnings = List.copyOf(warnings);
    }

    public static ApiResponse ok(JsonNode body) { return new ApiResponse(200, body, List.of()); }
    public static ApiResponse created(JsonNode body, List<String> warnings) { return new ApiResponse(201, body, warnings); }
}
