package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.node.controller.Reasons;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of a stored Pod the kubelet acts on, read once per change. Pure. */
record PodView(ObjectKey key, String uid, String nodeName, RestartPolicy restartPolicy, Duration grace,
               List<ContainerDef> containers, boolean deleting, boolean lost, boolean serviceLinks) {

    static PodView of(ObjectNode pod, Duration defaultGrace) {
        JsonNode spec = pod.path("spec");
        Duration grace = spec.has("terminationGracePeriodSeconds")
                ? Duration.ofSeconds(Math.max(0, spec.get("terminationGracePeriodSeconds").asLong()))
                : defaultGrace;
        List<ContainerDef> containers = new ArrayList<>();
        for (JsonNode c : spec.path("containers")) containers.add(container(c, spec.path("securityContext")));
        return new PodView(Meta.key(ResourceType.POD, pod), Meta.uid(pod), spec.path("nodeName").asText(""),
                RestartPolicy.parse(spec.path("restartPolicy").asText("Always")), grace, List.copyOf(containers),
                Meta.isDeleting(pod), Reasons.NODE_LOST.equals(pod.path("status").path("reason").asText("")),
                spec.path("enableServiceLinks").asBoolean(true));
    }

    /** Whether this node should be running it: bound here, not being deleted, not given up for lost. */
    boolean runsOn(String node) {
        return nodeName.equals(node) && !deleting && !lost;
    }

    private static ContainerDef container(JsonNode c, JsonNode podSecurity) {
        Map<String, String> env = new LinkedHashMap<>();
        // only literal values: valueFrom (secrets, field refs) has nothing to read from yet
        for (JsonNode e : c.path("env")) if (e.has("value")) env.put(e.path("name").asText(), e.path("value").asText());
        List<ContainerSpec.Port> ports = new ArrayList<>();
        for (JsonNode p : c.path("ports")) {
            ports.add(new ContainerSpec.Port(p.path("name").asText(""), p.path("containerPort").asInt(),
                    p.path("hostPort").asInt(0), p.path("protocol").asText("TCP")));
        }
        JsonNode limits = c.path("resources").path("limits");
        return new ContainerDef(c.path("name").asText(), c.path("image").asText(""),
                ImagePullPolicy.parse(c.path("imagePullPolicy").asText("")), strings(c.path("command")),
                strings(c.path("args")), env, c.path("workingDir").asText(""), List.copyOf(ports),
                limits.path("cpu").asText(""), limits.path("memory").asText(""),
                Probe.parse(c.get("startupProbe")), Probe.parse(c.get("livenessProbe")), Probe.parse(c.get("readinessProbe")),
                Probe.parse(c.path("lifecycle").get("preStop")).map(Probe::action),
                SecurityContext.of(podSecurity, c.path("securityContext")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return List.copyOf(out);
    }
}
