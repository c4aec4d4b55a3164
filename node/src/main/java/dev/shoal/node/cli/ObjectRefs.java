package dev.shoal.node.cli;

import dev.shoal.api.ResourceType;

import java.util.Locale;

/** How kubectl names objects in its messages: {@code deployment.apps/web} and {@code deployment.apps "web"}. */
final class ObjectRefs {
    private ObjectRefs() {}

    /** "deployment.apps" or "pod": singular, lower case, with the group unless it is core. */
    static String resource(ResourceType type) {
        String kind = type.kind().toLowerCase(Locale.ROOT);
        return type.group().isEmpty() ? kind : kind + "." + type.group();
    }

    /** "deployment.apps/web", as {@code apply} and {@code -o name} print it. */
    static String slash(ResourceType type, String name) {
        return resource(type) + "/" + name;
    }

    /** {@code deployment.apps "web"}, as {@code delete} prints it. */
    static String quoted(ResourceType type, String name) {
        return resource(type) + " \"" + name + "\"";
    }
}
