package dev.shoal.node.cli;

import dev.shoal.api.ResourceType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * Kubernetes REST paths: {@code /api/v1} for the core group, {@code /apis/GROUP/VERSION} otherwise;
 * {@code /namespaces/NS} before the plural for namespaced kinds.
 */
final class ResourcePaths {
    private ResourcePaths() {}

    /**
     * The collection of a kind: in one namespace, or across all namespaces when {@code namespace}
     * is empty. Cluster-scoped kinds ignore the namespace.
     */
    static String collection(ResourceType type, String namespace) {
        String prefix = type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.group() + "/" + type.version();
        if (type.namespaced() && !namespace.isEmpty()) prefix += "/namespaces/" + segment(namespace);
        return prefix + "/" + type.plural();
    }

    static String object(ResourceType type, String namespace, String name) {
        return collection(type, namespace) + "/" + segment(name);
    }

    /** "?a=1&b=2" from name/value pairs, skipping empty values; "" when nothing is left. */
    static String query(String... namesAndValues) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value == null || value.isEmpty()) continue;
            q.add(namesAndValues[i] + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    // Names are DNS labels, but a typo like "a/b" must not reach another path.
    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
