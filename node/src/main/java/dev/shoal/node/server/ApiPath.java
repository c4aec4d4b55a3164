package dev.shoal.node.server;

import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;

import java.util.Optional;

/**
 * A Kubernetes resource path taken apart:
 * {@code /api/v1/namespaces/NS/pods/NAME/status} or {@code /apis/apps/v1/deployments}.
 *
 * @param type        the kind addressed
 * @param namespace   "" when the path is not namespaced (a cluster-scoped kind, or a list across all namespaces)
 * @param name        "" for a collection
 * @param subresource "" or "status" / "scale" / "log" and "exec" (pods only)
 */
public record ApiPath(ResourceType type, String namespace, String name, String subresource) {

    public boolean isCollection() { return name.isEmpty(); }

    /**
     * Parses a resource path; empty when the path is not under /api/v1 or /apis/GROUP/VERSION
     * (discovery and other endpoints are routed elsewhere).
     * @throws ApiException 404 for a well-formed path naming a resource Shoal does not serve
     */
    public static Optional<ApiPath> parse(String path) {
        String[] p = trimSlashes(path).split("/");
        int i;
        String group;
        if (p.length >= 3 && p[0].equals("api") && p[1].equals("v1")) {
            group = "";
            i = 2;
        } else if (p.length >= 4 && p[0].equals("apis")) {
            group = p[1];
            if (!p[2].equals("v1")) throw notServed(path);
            i = 3;
        } else {
            return Optional.empty();
        }
        String namespace = "";
        // "namespaces/NS/<plural>..." addresses a namespaced collection; "namespaces/NS" alone is the Namespace object.
        if (p.length > i + 2 && p[i].equals("namespaces")) {
            namespace = p[i + 1];
            i += 2;
        }
        ResourceType type = ResourceType.byGroupAndPlural(group, p[i]).orElseThrow(() -> notServed(path));
        if (!type.namespaced() && !namespace.isEmpty()) throw notServed(path);
        String name = p.length > i + 1 ? p[i + 1] : "";
        String sub = p.length > i + 2 ? p[i + 2] : "";
        if (p.length > i + 3) throw notServed(path);
        if (!sub.isEmpty() && !sub.equals("status") && !(sub.equals("scale") && scalable(type))
                && !((sub.equals("log") || sub.equals("exec")) && type == ResourceType.POD)) throw notServed(path);
        return Optional.of(new ApiPath(type, namespace, name, sub));
    }

    static boolean scalable(ResourceType type) {
        return type == ResourceType.DEPLOYMENT || type == ResourceType.REPLICASET;
    }

    private static ApiException notServed(String path) {
        return new ApiException(404, "NotFound", "the server could not find the requested resource (" + path + ")",
                java.util.List.of(), null);
    }

    private static String trimSlashes(String s) {
        int a = 0, b = s.length();
        while (a < b && s.charAt(a) == '/') a++;
        while (b > a && s.charAt(b - 1) == '/') b--;
        return s.substring(a, b);
    }
}
