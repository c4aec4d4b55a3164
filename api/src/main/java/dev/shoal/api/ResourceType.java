package dev.shoal.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds Shoal stores, with the Kubernetes coordinates each is served under.
 * The REST paths, discovery documents and CLI names are all derived from this table.
 */
public enum ResourceType {
    NAMESPACE("", "v1", "Namespace", "namespaces", false, List.of("ns")),
    NODE("", "v1", "Node", "nodes", false, List.of("no")),
    POD("", "v1", "Pod", "pods", true, List.of("po")),
    SERVICE("", "v1", "Service", "services", true, List.of("svc")),
    /** Computed from Services and Pods when read, never stored: see the node's ServiceEndpoints. */
    ENDPOINTS("", "v1", "Endpoints", "endpoints", true, List.of("ep")),
    EVENT("", "v1", "Event", "events", true, List.of("ev")),
    DEPLOYMENT("apps", "v1", "Deployment", "deployments", true, List.of("deploy")),
    REPLICASET("apps", "v1", "ReplicaSet", "replicasets", true, List.of("rs")),
    /** Computed from Services and Pods when read, never stored, like {@link #ENDPOINTS}. */
    ENDPOINTSLICE("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, List.of());

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final boolean namespaced;
    private final List<String> shortNames;

    ResourceType(String group, String version, String kind, String plural, boolean namespaced, List<String> shortNames) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.namespaced = namespaced;
        this.shortNames = shortNames;
    }

    public String group() { return group; }
    public String version() { return version; }
    public String kind() { return kind; }
    public String plural() { return plural; }
    public boolean namespaced() { return namespaced; }

    /** Served read-only (get, list), computed when read from other objects; never stored or written. */
    public boolean computed() { return this == ENDPOINTS || this == ENDPOINTSLICE; }
    public List<String> shortNames() { return shortNames; }

    /** "v1" for the core group, "apps/v1" otherwise: the value of a manifest's apiVersion. */
    public String apiVersion() { return group.isEmpty() ? version : group + "/" + version; }

    /** "pods" or "deployments.apps", as Kubernetes names resources in errors. */
    public String qualifiedResource() { return group.isEmpty() ? plural : plural + "." + group; }

    /** The kind for a manifest's apiVersion and kind, if Shoal serves it. */
    public static Optional<ResourceType> byApiVersionAndKind(String apiVersion, String kind) {
        for (ResourceType t : values()) {
            if (t.apiVersion().equals(apiVersion) && t.kind.equals(kind)) return Optional.of(t);
        }
        return Optional.empty();
    }

    /** The kind for a URL path segment (plural) within a group. */
    public static Optional<ResourceType> byGroupAndPlural(String group, String plural) {
        for (ResourceType t : values()) {
            if (t.group.equals(group) && t.plural.equals(plural)) return Optional.of(t);
        }
        return Optional.empty();
    }

    /** The kind a user typed on a command line: plural, singular, kind or short name, any case. */
    public static Optional<ResourceType> byUserName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.indexOf('.');
        if (dot > 0) n = n.substring(0, dot);
        for (ResourceType t : values()) {
            String singular = t.kind.toLowerCase(Locale.ROOT);
            if (n.equals(t.plural) || n.equals(singular) || t.shortNames.contains(n)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
