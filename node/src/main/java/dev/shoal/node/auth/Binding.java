package dev.shoal.node.auth;

/**
 * Grants a role to a user or a group, in one namespace or (namespace "") across the cluster
 * (Kubernetes' RoleBinding and ClusterRoleBinding in one record).
 */
public record Binding(Role role, Subject subject, String namespace) {
    public enum SubjectKind { USER, GROUP }

    public record Subject(SubjectKind kind, String name) {
        boolean matches(UserInfo user) {
            return kind == SubjectKind.USER ? user.name().equals(name) : user.groups().contains(name);
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase() + ":" + name;
        }
    }

    public Binding {
        namespace = namespace == null ? "" : namespace;
        if (role == Role.CLUSTER_ADMIN && !namespace.isEmpty()) {
            throw new IllegalArgumentException("cluster-admin is cluster-wide: it cannot be bound in namespace " + namespace);
        }
    }

    public static Binding user(Role role, String name, String namespace) {
        return new Binding(role, new Subject(SubjectKind.USER, name), namespace);
    }

    public static Binding group(Role role, String name, String namespace) {
        return new Binding(role, new Subject(SubjectKind.GROUP, name), namespace);
    }

    /** Whether this binding lets {@code user} make the request. */
    boolean allows(UserInfo user, Attributes a) {
        if (!subject.matches(user)) return false;
        if (!namespace.isEmpty()) {
            // a namespaced grant covers namespaced resources in its namespace, nothing else
            if (!a.isResourceRequest() || !a.namespaced() || !a.namespace().equals(namespace)) return false;
        }
        return role.allows(a);
    }
}
