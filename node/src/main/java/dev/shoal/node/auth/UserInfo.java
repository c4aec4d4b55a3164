package dev.shoal.node.auth;

import java.util.List;

/**
 * Who made a request, as an authenticator found out (Kubernetes' {@code user.Info}). Every
 * authenticated user is also in {@link #AUTHENTICATED}; a request without credentials is
 * {@link #ANONYMOUS}.
 *
 * @param name   the user name the authorizer and every message use ("admin", "system:node:node-1")
 * @param uid    from the token file; may be empty
 * @param groups what bindings name, {@code system:authenticated} included
 */
public record UserInfo(String name, String uid, List<String> groups) {
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    /** Kubernetes' group of cluster administrators: bound to cluster-admin, always. */
    public static final String MASTERS = "system:masters";
    /** The group of Shoal's own agents when they call each other (see {@link NodeCredentials}). */
    public static final String NODES = "system:nodes";
    public static final String NODE_PREFIX = "system:node:";

    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "", List.of(UNAUTHENTICATED));

    public UserInfo {
        groups = List.copyOf(groups);
    }

    /** A user a credential vouched for: its groups plus {@code system:authenticated}. */
    public static UserInfo authenticated(String name, String uid, List<String> groups) {
        List<String> all = new java.util.ArrayList<>(groups);
        if (!all.contains(AUTHENTICATED)) all.add(AUTHENTICATED);
        return new UserInfo(name, uid, all);
    }

    public boolean isAnonymous() {
        return groups.contains(UNAUTHENTICATED);
    }
}
