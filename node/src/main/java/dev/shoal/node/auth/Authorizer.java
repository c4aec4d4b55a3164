package dev.shoal.node.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a user may make a request: a pure function of the bindings, the user and the
 * request's {@link Attributes}. Allowed when a built-in rule or any binding allows it; otherwise
 * denied with Kubernetes' own words ({@link #forbiddenMessage}).
 *
 * <p>Built in, whatever the bindings say (after Kubernetes' bootstrap policy):
 * <ul>
 *   <li>{@code /healthz}, {@code /livez}, {@code /readyz}, {@code /version}: everyone, anonymous
 *       included ({@code system:public-info-viewer});</li>
 *   <li>discovery ({@code /api}, {@code /apis}, {@code /openapi}): every authenticated user
 *       ({@code system:discovery});</li>
 *   <li>group {@code system:masters}: cluster-admin;</li>
 *   <li>group {@code system:nodes} (Shoal's agents forwarding logs and exec): {@link Role#NODE};</li>
 *   <li>{@code /metrics}: cluster-admin, and groups {@code system:nodes} and {@code system:monitoring}.</li>
 * </ul>
 */
public final class Authorizer {
    /** Readable by anyone, as Kubernetes' system:public-info-viewer. */
    static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/livez", "/readyz", "/version");
    public static final String MONITORING = "system:monitoring";

    private static final List<Binding> BUILT_IN = List.of(
            Binding.group(Role.CLUSTER_ADMIN, UserInfo.MASTERS, ""),
            Binding.group(Role.NODE, UserInfo.NODES, ""));

    /** The outcome; {@code reason} says which rule allowed it, or why nothing did. */
    public record Decision(boolean allowed, String reason) {}

    private final List<Binding> bindings;

    /** @param bindings the configured ones; the built-in ones are always added */
    public Authorizer(List<Binding> bindings) {
        List<Binding> all = new ArrayList<>(BUILT_IN);
        all.addAll(bindings);
        this.bindings = List.copyOf(all);
    }

    public List<Binding> bindings() {
        return bindings;
    }

    public Decision decide(UserInfo user, Attributes a) {
        if (!a.isResourceRequest()) {
            if (PUBLIC_PATHS.contains(a.path()) && isRead(a)) return new Decision(true, "public path");
            if (isDiscovery(a.path()) && isRead(a) && user.groups().contains(UserInfo.AUTHENTICATED)) {
                return new Decision(true, "discovery, for every authenticated user");
            }
            if (a.path().equals("/metrics") && isRead(a)
                    && (user.groups().contains(UserInfo.NODES) || user.groups().contains(MONITORING))) {
                return new Decision(true, "metrics, for nodes and monitoring");
            }
        }
        for (Binding b : bindings) {
            if (b.allows(user, a)) {
                return new Decision(true, "role " + b.role().bindingName() + " bound to " + b.subject()
                        + (b.namespace().isEmpty() ? "" : " in namespace " + b.namespace()));
            }
        }
        return new Decision(false, "no binding allows it");
    }

    /** Whether the user may do anything anywhere: what privileged workloads require. */
    public boolean isClusterAdmin(UserInfo user) {
        for (Binding b : bindings) {
            if (b.role() == Role.CLUSTER_ADMIN && b.subject().matches(user)) return true;
        }
        return false;
    }

    /**
     * Kubernetes' denial, word for word: {@code pods is forbidden: User "x" cannot create resource
     * "pods" in API group "" in the namespace "default"} ({@code pods "web" is forbidden: ...} when
     * the request names an object; {@code forbidden: User "x" cannot get path "/metrics"} for a path).
     */
    public static String forbiddenMessage(UserInfo user, Attributes a, String qualifiedResource) {
        if (!a.isResourceRequest()) {
            return "forbidden: User \"" + user.name() + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
        }
        String who = "User \"" + user.name() + "\" cannot " + a.verb() + " resource \"" + a.resourceAndSubresource()
                + "\" in API group \"" + a.apiGroup() + "\""
                + (a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
        return qualifiedResource + (a.name().isEmpty() ? "" : " \"" + a.name() + "\"") + " is forbidden: " + who;
    }

    private static boolean isRead(Attributes a) {
        return a.verb().equals("get");
    }

    private static boolean isDiscovery(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/apis") || path.startsWith("/apis/")
                || path.equals("/openapi") || path.startsWith("/openapi/");
    }
}
