package dev.shoal.node.auth;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds out who sent a request from its {@code Authorization} header (bearer tokens) and, over
 * TLS, its client certificate ({@link ClientCertificates}: CN as the name, O as the groups, as
 * Kubernetes does). Like Kubernetes' union authenticator, a valid certificate wins, then the header.
 *
 * <p>No header: {@link UserInfo#ANONYMOUS} (the authorizer decides what anonymous may do). A
 * header that names no known credential: {@link Result.Invalid}, which is a 401 whatever the path
 * asked for, as in Kubernetes. Lookups are in memory: safe on the event loop.
 */
public final class Authenticator {
    /** What the header proved. */
    public sealed interface Result {
        record Authenticated(UserInfo user) implements Result {}

        record Invalid(String why) implements Result {}
    }

    private final Function<String, Optional<UserInfo>> tokensByHash;
    private final Supplier<Optional<NodeCredentials>> nodes;

    /**
     * @param tokensByHash looks a token's {@link Tokens#hash} up among the cluster's tokens
     * @param nodes        the cluster's node credentials, once the cluster secret is known
     */
    public Authenticator(Function<String, Optional<UserInfo>> tokensByHash, Supplier<Optional<NodeCredentials>> nodes) {
        this.tokensByHash = tokensByHash;
        this.nodes = nodes;
    }

    /**
     * A request over TLS: a client certificate that verifies decides; one that does not is passed
     * over for the header, and is the answer (a 401) only if there is no header.
     * @param clientChain what the client presented, leaf first; empty: nothing (or plain HTTP)
     * @param certificates who may sign client certificates; null: client certificates are not accepted
     */
    public Result authenticate(String authorizationHeader, java.util.List<java.security.cert.X509Certificate> clientChain,
                               ClientCertificates certificates) {
        if (certificates != null && !clientChain.isEmpty()) {
            Result byCertificate = certificates.authenticate(clientChain);
            if (byCertificate instanceof Result.Authenticated) return byCertificate;
            if (authorizationHeader == null || authorizationHeader.isBlank()) return byCertificate;
        }
        return authenticate(authorizationHeader);
    }

    public Result authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) return new Result.Authenticated(UserInfo.ANONYMOUS);
        String h = authorizationHeader.strip();
        if (h.equalsIgnoreCase("Bearer")) return new Result.Invalid("empty bearer token");
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Bearer")) {
            return new Result.Invalid("only bearer tokens are accepted");
        }
        String token = h.substring(space + 1).strip();
        if (token.isEmpty()) return new Result.Invalid("empty bearer token");
        if (NodeCredentials.looksLikeNodeCredential(token)) {
            Optional<UserInfo> node = nodes.get().flatMap(n -> n.verify(token));
            return node.<Result>map(Result.Authenticated::new).orElseGet(() -> new Result.Invalid("not a node credential of this cluster"));
        }
        return tokensByHash.apply(Tokens.hash(token)).<Result>map(Result.Authenticated::new)
                .orElseGet(() -> new Result.Invalid("unknown token"));
    }
}
