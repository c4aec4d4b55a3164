package dev.shoal.node.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a Service's traffic can go: for each of its ports, the pods it selects and the address
 * that reaches each of them. In Shoal a pod is reached at its node's address and the host port
 * published for the target container port ({@code status.hostPorts}), so every pod of a
 * Service may have a different port. Pure: the proxy table and the Endpoints view are built from it.
 */
public final class ServiceEndpoints {
    private ServiceEndpoints() {}

    /** One pod behind one Service port. {@code ready}: it takes new connections; {@code terminating}: it is being deleted. */
    public record Endpoint(String pod, String node, String ip, int port, boolean ready, boolean terminating) {}

    /** One Service port and its endpoints, sorted by pod name (a stable order for round robin). */
    public record PortEndpoints(String name, int port, String protocol, int nodePort, List<Endpoint> endpoints) {}

    /**
     * @param pods the pods of the Service's namespace (any; those its selector does not match are skipped)
     * @return one entry per Service port; empty for a Service without selector (its endpoints are not Shoal's)
     */
    public static List<PortEndpoints> of(ObjectNode service, List<ObjectNode> pods) {
        JsonNode spec = service.path("spec");
        JsonNode selector = spec.path("selector");
        List<PortEndpoints> out = new ArrayList<>();
        if (!selector.isObject() || selector.isEmpty()) return out;
        List<ObjectNode> selected = pods.stream().filter(p -> selects(selector, p) && placed(p))
                .sorted(Comparator.comparing(Meta::name)).toList();
        for (JsonNode sp : spec.path("ports")) {
            String protocol = sp.path("protocol").asText("TCP");
            JsonNode target = sp.hasNonNull("targetPort") ? sp.get("targetPort") : sp.path("port");
            List<Endpoint> endpoints = new ArrayList<>();
            for (ObjectNode pod : selected) {
                int hostPort = hostPort(pod, target, protocol);
                if (hostPort <= 0) continue;  // the pod does not publish that port: nothing reaches it
                boolean terminating = Meta.isDeleting(pod);
                endpoints.add(new Endpoint(Meta.name(pod), pod.path("spec").path("nodeName").asText(),
                        pod.path("status").path("hostIP").asText(), hostPort, ready(pod) && !terminating, terminating));
            }
            out.add(new PortEndpoints(sp.path("name").asText(""), sp.path("port").asInt(), protocol,
                    sp.path("nodePort").asInt(0), List.copyOf(endpoints)));
        }
        return out;
    }

    static boolean selects(JsonNode selector, ObjectNode pod) {
        JsonNode labels = pod.path("metadata").path("labels");
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) return false;
        }
        return true;
    }

    /** Bound, given an address, and not finished: a pod that could be serving. */
    private static boolean placed(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return !pod.path("spec").path("nodeName").asText("").isEmpty() && !pod.path("status").path("hostIP").asText("").isEmpty()
                && !phase.equals("Succeeded") && !phase.equals("Failed");
    }

    static boolean ready(ObjectNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) return c.path("status").asText().equals("True");
        }
        return false;
    }

    /** The host port published for the Service's target: a container port number, or a container port's name. */
    static int hostPort(ObjectNode pod, JsonNode target, String protocol) {
        int containerPort = -1;
        if (target.isInt() || target.isTextual() && target.asText().chars().allMatch(Character::isDigit) && !target.asText().isEmpty()) {
            containerPort = target.asInt();
        } else {
            for (JsonNode c : pod.path("spec").path("containers")) {
                for (JsonNode p : c.path("ports")) {
                    if (p.path("name").asText("").equals(target.asText()) && p.path("protocol").asText("TCP").equals(protocol)) {
                        containerPort = p.path("containerPort").asInt();
                    }
                }
            }
        }
        if (containerPort <= 0) return -1;
        for (JsonNode hp : pod.path("status").path("hostPorts")) {
            if (hp.path("containerPort").asInt() == containerPort && hp.path("protocol").asText("TCP").equals(protocol)) {
                return hp.path("hostPort").asInt();
            }
        }
        return -1;
    }

    /** The Kubernetes Endpoints object for the Service, computed: addresses grouped into subsets by their port set. */
    public static ObjectNode endpointsObject(ObjectNode service, List<ObjectNode> pods) {
        ObjectNode ep = dev.shoal.api.Json.object();
        ep.put("apiVersion", "v1").put("kind", "Endpoints");
        ObjectNode meta = ep.putObject("metadata");
        meta.put("name", Meta.name(service)).put("namespace", Meta.namespace(service));
        meta.put("creationTimestamp", service.path("metadata").path("creationTimestamp").asText(""));
        meta.put("resourceVersion", Meta.resourceVersion(service));
        JsonNode labels = service.path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()) meta.set("labels", labels.deepCopy());
        // pod -> (port name -> endpoint): a pod's ports differ from another's, so each port set is a subset
        Map<String, Map<String, Endpoint>> byPod = new LinkedHashMap<>();
        Map<String, PortEndpoints> portsByName = new LinkedHashMap<>();
        for (PortEndpoints pe : of(service, pods)) {
            portsByName.put(pe.name(), pe);
            for (Endpoint e : pe.endpoints()) byPod.computeIfAbsent(e.pod(), k -> new LinkedHashMap<>()).put(pe.name(), e);
        }
        Map<String, ObjectNode> subsets = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Endpoint>> pod : byPod.entrySet()) {
            StringBuilder signature = new StringBuilder();
            pod.getValue().forEach((name, e) -> signature.append(name).append('=').append(e.port()).append(';'));
            Endpoint any = pod.getValue().values().iterator().next();
            signature.append(any.ip());
            ObjectNode subset = subsets.computeIfAbsent(signature.toString(), k -> {
                ObjectNode s = dev.shoal.api.Json.object();
                var ports = s.putArray("ports");
                pod.getValue().forEach((name, e) -> {
                    ObjectNode p = ports.addObject();
                    if (!name.isEmpty()) p.put("name", name);
                    p.put("port", e.port()).put("protocol", portsByName.get(name).protocol());
                });
                return s;
            });
            ObjectNode address = dev.shoal.api.Json.object().put("ip", any.ip()).put("nodeName", any.node());
            address.putObject("targetRef").put("kind", "Pod").put("namespace", Meta.namespace(service)).put("name", any.pod());
            String field = any.ready() ? "addresses" : "notReadyAddresses";
            (subset.has(field) ? (com.fasterxml.jackson.databind.node.ArrayNode) subset.get(field) : subset.putArray(field)).add(address);
        }
        if (!subsets.isEmpty()) {
            var array = ep.putArray("subsets");
            subsets.values().forEach(array::add);
        }
        return ep;
    }

    /**
     * The Service's EndpointSlices (discovery.k8s.io/v1), computed: one per distinct set of ports,
     * since in Shoal each pod may be reached at a different host port and a slice's endpoints share
     * its ports. Labelled {@code kubernetes.io/service-name}, as kubectl looks them up.
     */
    public static List<ObjectNode> endpointSlices(ObjectNode service, List<ObjectNode> pods) {
        Map<String, Map<String, Endpoint>> byPod = new LinkedHashMap<>();
        Map<String, PortEndpoints> portsByName = new LinkedHashMap<>();
        for (PortEndpoints pe : of(service, pods)) {
            portsByName.put(pe.name(), pe);
            for (Endpoint e : pe.endpoints()) byPod.computeIfAbsent(e.pod(), k -> new LinkedHashMap<>()).put(pe.name(), e);
        }
        Map<String, ObjectNode> slices = new LinkedHashMap<>();
        for (Map<String, Endpoint> pod : byPod.values()) {
            StringBuilder signature = new StringBuilder();
            pod.forEach((name, e) -> signature.append(name).append('=').append(e.port()).append(';'));
            ObjectNode slice = slices.computeIfAbsent(signature.toString(), sig -> {
                ObjectNode o = dev.shoal.api.Json.object();
                o.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
                ObjectNode meta = o.putObject("metadata");
                meta.put("name", Meta.name(service) + "-" + Integer.toHexString(sig.hashCode() & 0xfffffff));
                meta.put("namespace", Meta.namespace(service));
                meta.put("creationTimestamp", service.path("metadata").path("creationTimestamp").asText(""));
                meta.put("resourceVersion", Meta.resourceVersion(service));
                meta.putObject("labels").put("kubernetes.io/service-name", Meta.name(service))
                        .put("endpointslice.kubernetes.io/managed-by", "shoal");
                o.put("addressType", "IPv4");
                var ports = o.putArray("ports");
                pod.forEach((name, e) -> {
                    // always named, "" for an unnamed port, as Kubernetes writes them: kubectl dereferences it
                    ports.addObject().put("name", name).put("port", e.port()).put("protocol", portsByName.get(name).protocol());
                });
                o.putArray("endpoints");
                return o;
            });
            Endpoint any = pod.values().iterator().next();
            ObjectNode ep = ((com.fasterxml.jackson.databind.node.ArrayNode) slice.get("endpoints")).addObject();
            ep.putArray("addresses").add(any.ip());
            ep.putObject("conditions").put("ready", any.ready()).put("serving", !any.terminating() && any.ready())
                    .put("terminating", any.terminating());
            ep.put("nodeName", any.node());
            ep.putObject("targetRef").put("kind", "Pod").put("namespace", Meta.namespace(service)).put("name", any.pod());
        }
        return List.copyOf(slices.values());
    }
}
