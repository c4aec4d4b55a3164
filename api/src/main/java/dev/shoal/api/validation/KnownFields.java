package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.ResourceType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The spec fields Shoal acts on, per kind. Anything else under {@code spec} is kept (it round-trips
 * to kubectl untouched) but earns a warning, so a user is never misled into thinking e.g.
 * {@code volumes} or {@code affinity.podAntiAffinity} has an effect.
 *
 * <p>Paths use {@code []} for "every list element". A path with no known children is a leaf: its
 * whole subtree is understood (label maps, resource maps, node affinity terms).
 */
final class KnownFields {
    private static final List<String> PROBE = List.of(
            "exec.command", "httpGet.path", "httpGet.port", "httpGet.host", "httpGet.scheme", "httpGet.httpHeaders",
            "tcpSocket.port", "tcpSocket.host", "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
            "successThreshold", "failureThreshold");

    private static final List<String> CONTAINER = Stream.concat(Stream.of(
            "name", "image", "command", "args", "workingDir", "imagePullPolicy", "env[].name", "env[].value",
            "ports[].name", "ports[].containerPort", "ports[].hostPort", "ports[].protocol",
            "resources.requests", "resources.limits",
            // applied by the Docker runtime (privileged only for cluster-admins, see PrivilegedFields)
            "securityContext.runAsUser", "securityContext.runAsGroup", "securityContext.runAsNonRoot",
            "securityContext.readOnlyRootFilesystem", "securityContext.privileged",
            "securityContext.capabilities.add", "securityContext.capabilities.drop",
            // filled in by Defaulter on every write; kept so manifests read back as Kubernetes shows them
            "terminationMessagePath", "terminationMessagePolicy"),
            Stream.concat(Stream.of("livenessProbe", "readinessProbe", "startupProbe")
                    .flatMap(p -> PROBE.stream().map(f -> p + "." + f)),
                    // a lifecycle hook is a probe's action without the timing
                    PROBE.stream().filter(f -> f.contains(".")).map(f -> "lifecycle.preStop." + f))).toList();

    private static final List<String> POD_SPEC = Stream.concat(Stream.of(
            "restartPolicy", "terminationGracePeriodSeconds", "nodeSelector", "nodeName", "tolerations", "enableServiceLinks",
            "dnsPolicy", "schedulerName",
            // the pod's defaults for its containers' runAsUser/runAsGroup/runAsNonRoot (Docker runtime)
            "securityContext.runAsUser", "securityContext.runAsGroup", "securityContext.runAsNonRoot",
            "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"),
            CONTAINER.stream().map(f -> "containers[]." + f)).toList();

    private static final Map<ResourceType, Set<String>> KNOWN = new EnumMap<>(ResourceType.class);

    static {
        KNOWN.put(ResourceType.POD, paths(prefixed("spec.", POD_SPEC)));
        List<String> workload = Stream.concat(Stream.of("spec.replicas", "spec.selector", "spec.minReadySeconds",
                "spec.template.metadata"), prefixed("spec.template.spec.", POD_SPEC).stream()).toList();
        KNOWN.put(ResourceType.REPLICASET, paths(workload));
        KNOWN.put(ResourceType.DEPLOYMENT, paths(Stream.concat(workload.stream(), Stream.of(
                "spec.strategy.type", "spec.strategy.rollingUpdate.maxSurge", "spec.strategy.rollingUpdate.maxUnavailable",
                "spec.revisionHistoryLimit", "spec.progressDeadlineSeconds", "spec.paused")).toList()));
        KNOWN.put(ResourceType.SERVICE, paths(List.of("spec.type", "spec.selector", "spec.clusterIP", "spec.clusterIPs",
                "spec.sessionAffinity", "spec.sessionAffinityConfig.clientIP.timeoutSeconds", "spec.externalName", "spec.ports[].name", "spec.ports[].port",
                "spec.ports[].targetPort", "spec.ports[].protocol", "spec.ports[].nodePort")));
        KNOWN.put(ResourceType.NODE, paths(List.of("spec.unschedulable", "spec.taints")));
        KNOWN.put(ResourceType.NAMESPACE, paths(List.of("spec.finalizers")));
        KNOWN.put(ResourceType.EVENT, paths(List.of()));
        KNOWN.put(ResourceType.ENDPOINTS, paths(List.of()));
        KNOWN.put(ResourceType.ENDPOINTSLICE, paths(List.of()));
    }

    private KnownFields() {}

    /** One warning per topmost spec field that Shoal does not act on, in document order. */
    static List<String> warnings(ResourceType type, JsonNode obj) {
        List<String> out = new ArrayList<>();
        JsonNode spec = obj.get("spec");
        if (spec != null && spec.isObject()) walk(spec, "spec", "spec", KNOWN.get(type), out);
        return out;
    }

    private static void walk(JsonNode node, String pattern, String path, Set<String> known, List<String> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), pattern + "[]", path + "[" + i + "]", known, out);
            return;
        }
        if (!node.isObject() || !isBranch(pattern, known)) return;
        node.fields().forEachRemaining(e -> {
            String childPattern = pattern + "." + e.getKey();
            String childPath = path + "." + e.getKey();
            if (!known.contains(childPattern)) {
                out.add(childPath + ": not implemented by Shoal; kept but ignored");
            } else {
                walk(e.getValue(), childPattern, childPath, known, out);
            }
        });
    }

    private static boolean isBranch(String pattern, Set<String> known) {
        return pattern.equals("spec") || known.contains(pattern + ".#branch");
    }

    private static List<String> prefixed(String prefix, List<String> paths) {
        return paths.stream().map(p -> prefix + p).toList();
    }

    /** Every listed path, each of its ancestors, and a "#branch" marker on every ancestor. */
    private static Set<String> paths(List<String> leaves) {
        Set<String> all = new HashSet<>();
        for (String leaf : leaves) {
            all.add(leaf);
            for (int i = 0; i < leaf.length(); i++) {
                char c = leaf.charAt(i);
                if (c == '.' || c == '[') all.add(leaf.substring(0, i));
                // an ancestor followed by '.' has fields of its own ("a" in "a.b", "a[]" in "a[].b")
                if (c == '.') all.add(leaf.substring(0, i) + ".#branch");
            }
        }
        return all;
    }
}
