package dev.shoal.node.auth;

import java.util.List;
import java.util.Optional;

/** What the API server asks about each request: who sent it, may they, and what to send when it calls another agent. */
public interface RequestAuth {
    Authenticator.Result authenticate(String authorizationHeader);

    /** Over TLS, with the client's certificate chain (leaf first; empty when it sent none). */
    default Authenticator.Result authenticate(String authorizationHeader, List<java.security.cert.X509Certificate> clientChain) {
        return authenticate(authorizationHeader);
    }

    /** The current bindings (they change when the cluster's bindings do). */
    Authorizer authorizer();

    /** This agent's own credential, for the calls it makes to other agents; "" when it has none. */
    String nodeCredential();

    /**
     * No credentials needed: every request, with or without a token, acts as cluster-admin. For
     * tests that start an API server in-process without an agent.
     */
    static RequestAuth allowAll() {
        Authenticator none = new Authenticator(hash -> Optional.empty(), Optional::empty);
        Authorizer all = new Authorizer(List.of(Binding.group(Role.CLUSTER_ADMIN, UserInfo.UNAUTHENTICATED, "")));
        return new RequestAuth() {
            @Override public Authenticator.Result authenticate(String header) {
                Authenticator.Result r = none.authenticate(header);
                return r instanceof Authenticator.Result.Invalid ? new Authenticator.Result.Authenticated(UserInfo.ANONYMOUS) : r;
            }
            @Override public Authorizer authorizer() { return all; }
            @Override public String nodeCredential() { return ""; }
        };
    }
}
