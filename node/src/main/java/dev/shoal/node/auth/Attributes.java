package dev.shoal.node.auth;

import java.util.Set;

/**
 * What a request asks to do, as the authorizer sees it (Kubernetes' {@code authorizer.Attributes}):
 * either a resource request (verb, API group, resource, subresource, namespace, name) or a request
 * for a plain path ({@code /healthz}, {@code /api}, {@code /metrics}).
 *
 * @param verb        get, list, watch, create, update, patch, delete
 * @param namespace   "" for a cluster-scoped resource or a list across every namespace
 * @param name        "" for a collection
 * @param path        the path of a non-resource request; "" for a resource request
 */
public record Attributes(String verb, String apiGroup, String resource, String subresource, String namespace, String name,
                         boolean namespaced, String path) {
    public static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

    public static Attributes resource(String verb, String apiGroup, String resource, String subresource, String namespace,
                                      String name, boolean namespaced) {
        return new Attributes(verb, apiGroup, resource, subresource, namespace, name, namespaced, "");
    }

    public static Attributes nonResource(String verb, String path) {
        return new Attributes(verb, "", "", "", "", "", false, path);
    }

    public boolean isResourceRequest() {
        return path.isEmpty();
    }

    public boolean isRead() {
        return READ_VERBS.contains(verb);
    }

    /** "pods" or "pods/exec", as Kubernetes' messages and rules name it. */
    public String resourceAndSubresource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }
}
