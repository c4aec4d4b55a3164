package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container probe (readiness, liveness or startup), read from the pod spec with Kubernetes'
 * defaults for what it leaves out.
 */
public record Probe(Action action, int initialDelaySeconds, int periodSeconds, int timeoutSeconds,
                    int successThreshold, int failureThreshold) {

    /** What a probe does. */
    public sealed interface Action permits HttpGet, TcpSocket, Exec {}

    /** GET {@code scheme://host:port/path}; 2xx and 3xx succeed. {@code port}: a number or a port name. */
    public record HttpGet(String scheme, String host, String port, String path, Map<String, String> headers) implements Action {}

    /** A TCP connect succeeds. */
    public record TcpSocket(String host, String port) implements Action {}

    /** The command exits 0. */
    public record Exec(List<String> command) implements Action {}

    public Probe {
        if (periodSeconds < 1) periodSeconds = 10;
        if (timeoutSeconds < 1) timeoutSeconds = 1;
        if (successThreshold < 1) successThreshold = 1;
        if (failureThreshold < 1) failureThreshold = 3;
        if (initialDelaySeconds < 0) initialDelaySeconds = 0;
    }

    /** The probe at {@code node} (e.g. {@code readinessProbe}); empty when absent or without an action. */
    public static Optional<Probe> parse(JsonNode node) {
        if (node == null || !node.isObject()) return Optional.empty();
        Action action;
        if (node.has("httpGet")) {
            JsonNode h = node.get("httpGet");
            Map<String, String> headers = new LinkedHashMap<>();
            for (JsonNode hh : h.path("httpHeaders")) headers.put(hh.path("name").asText(), hh.path("value").asText());
            String path = h.path("path").asText("/");
            action = new HttpGet(h.path("scheme").asText("HTTP"), h.path("host").asText(""), h.path("port").asText(""),
                    path.startsWith("/") ? path : "/" + path, headers);
        } else if (node.has("tcpSocket")) {
            JsonNode t = node.get("tcpSocket");
            action = new TcpSocket(t.path("host").asText(""), t.path("port").asText(""));
        } else if (node.has("exec")) {
            List<String> cmd = new ArrayList<>();
            node.path("exec").path("command").forEach(c -> cmd.add(c.asText()));
            action = new Exec(List.copyOf(cmd));
        } else {
            return Optional.empty();
        }
        return Optional.of(new Probe(action, node.path("initialDelaySeconds").asInt(0), node.path("periodSeconds").asInt(10),
                node.path("timeoutSeconds").asInt(1), node.path("successThreshold").asInt(1), node.path("failureThreshold").asInt(3)));
    }
}
