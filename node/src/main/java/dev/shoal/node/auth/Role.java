package dev.shoal.node.auth;

import java.util.Set;

/**
 * The roles a binding can grant, after Kubernetes' default ClusterRoles of the same names. A
 * binding limited to a namespace grants a role only on namespaced resources in that namespace.
 */
public enum Role {
    /** Everything, everywhere, including privileged workloads. */
    CLUSTER_ADMIN("cluster-admin"),
    /** Read and write namespaced resources (and exec into pods); cluster-scoped ones only read, never written. */
    EDIT("edit"),
    /** Read everything it covers, logs included; no writes and no exec. */
    VIEW("view"),
    /** Shoal's own agents calling each other: read everything, read logs, exec (built in, for {@link UserInfo#NODES}). */
    NODE("system:node");

    /** Subresources that run code or can read what the role otherwise could not: never granted by view. */
    private static final Set<String> WRITE_LIKE_SUBRESOURCES = Set.of("pods/exec");

    private final String bindingName;

    Role(String bindingName) {
        this.bindingName = bindingName;
    }

    /** The name in a bindings file. */
    public String bindingName() {
        return bindingName;
    }

    public static Role byBindingName(String name) {
        for (Role r : values()) {
            if (r != NODE && r.bindingName.equals(name)) return r;
        }
        throw new IllegalArgumentException("unknown role \"" + name + "\" (cluster-admin, edit or view)");
    }

    /** Whether this role, granted across the whole cluster, allows the request. */
    boolean allows(Attributes a) {
        if (this == CLUSTER_ADMIN) return true;
        if (!a.isResourceRequest()) return false;  // plain paths are granted by Authorizer's built-in rules
        String r = a.resourceAndSubresource();
        return switch (this) {
            case VIEW -> a.isRead() && !WRITE_LIKE_SUBRESOURCES.contains(r);
            case EDIT -> a.isRead() || a.namespaced();
            case NODE -> a.isRead() || (r.equals("pods/exec") && a.verb().equals("create"));
            default -> false;
        };
    }
}
