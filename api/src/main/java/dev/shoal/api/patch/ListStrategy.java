package dev.shoal.api.patch;

import dev.shoal.api.ResourceType;

import java.util.List;
import java.util.Map;

/**
 * How a strategic merge patch treats one list field: the {@code patchStrategy} and
 * {@code patchMergeKey} struct tags of the Kubernetes Go types, for the fields Shoal's kinds have.
 * Lists not named here are atomic (the patch's list replaces the old one), as in Kubernetes.
 */
record ListStrategy(Kind kind, String mergeKey) {
    enum Kind { REPLACE, MERGE_BY_KEY, MERGE_PRIMITIVES }

    static final ListStrategy REPLACE = new ListStrategy(Kind.REPLACE, "");
    static final ListStrategy PRIMITIVES = new ListStrategy(Kind.MERGE_PRIMITIVES, "");

    private static ListStrategy key(String k) { return new ListStrategy(Kind.MERGE_BY_KEY, k); }

    /** Under ObjectMeta. */
    private static final Map<String, ListStrategy> META = Map.of(
            "ownerReferences", key("uid"),
            "finalizers", PRIMITIVES);

    /** Under PodSpec ("containers") and Container ("containers.ports"); tolerations are atomic. */
    private static final Map<String, ListStrategy> POD_SPEC = Map.ofEntries(
            Map.entry("containers", key("name")),
            Map.entry("initContainers", key("name")),
            Map.entry("ephemeralContainers", key("name")),
            Map.entry("volumes", key("name")),
            Map.entry("imagePullSecrets", key("name")),
            Map.entry("hostAliases", key("ip")),
            Map.entry("topologySpreadConstraints", key("topologyKey")),
            Map.entry("resourceClaims", key("name")),
            Map.entry("schedulingGates", key("name")));

    private static final Map<String, ListStrategy> CONTAINER = Map.of(
            "ports", key("containerPort"),
            "env", key("name"),
            "volumeMounts", key("mountPath"),
            "volumeDevices", key("devicePath"));

    private static final Map<String, ListStrategy> STATUS = Map.of(
            "conditions", key("type"),
            "addresses", key("type"),
            "podIPs", key("ip"),
            "hostIPs", key("ip"));

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    /** The strategy for the list at {@code path} (field names from the object's root, no indices). */
    static ListStrategy of(ResourceType type, List<String> path) {
        String last = path.get(path.size() - 1);
        List<String> parent = path.subList(0, path.size() - 1);
        if (parent.equals(List.of("metadata")) || isTemplate(type) && parent.equals(List.of("spec", "template", "metadata"))) {
            return META.getOrDefault(last, REPLACE);
        }
        if (parent.equals(List.of("status"))) return STATUS.getOrDefault(last, REPLACE);
        if (type == ResourceType.SERVICE && path.equals(List.of("spec", "ports"))) return key("port");
        if (type == ResourceType.NODE && path.equals(List.of("spec", "podCIDRs"))) return PRIMITIVES;
        List<String> podSpec = type == ResourceType.POD ? List.of("spec")
                : isTemplate(type) ? List.of("spec", "template", "spec") : null;
        if (podSpec == null || path.size() <= podSpec.size() || !path.subList(0, podSpec.size()).equals(podSpec)) {
            return REPLACE;
        }
        List<String> rel = path.subList(podSpec.size(), path.size());
        if (rel.size() == 1) return POD_SPEC.getOrDefault(rel.get(0), REPLACE);
        if (rel.size() == 2 && CONTAINER_LISTS.contains(rel.get(0))) return CONTAINER.getOrDefault(rel.get(1), REPLACE);
        return REPLACE;
    }

    private static boolean isTemplate(ResourceType type) {
        return type == ResourceType.DEPLOYMENT || type == ResourceType.REPLICASET;
    }
}
