package dev.shoal.node.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Bearer tokens by hash, node credentials by HMAC, and what counts as no credential or a bad one. */
class AuthenticatorTest {
    private static final UserInfo ALICE = UserInfo.authenticated("alice", "u-1", List.of("team-a"));
    private static final NodeCredentials CLUSTER = new NodeCredentials("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final NodeCredentials OTHER_CLUSTER = new NodeCredentials("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    private static final Authenticator AUTH = new Authenticator(
            hash -> Optional.ofNullable(Map.of(Tokens.hash("s3cret"), ALICE).get(hash)), () -> Optional.of(CLUSTER));

    private static UserInfo user(String header) {
        return assertInstanceOf(Authenticator.Result.Authenticated.class, AUTH.authenticate(header)).user();
    }

    private static String invalid(String header) {
        return assertInstanceOf(Authenticator.Result.Invalid.class, AUTH.authenticate(header)).why();
    }

    @Test
    void aKnownTokenIsItsUser() {
        assertEquals(ALICE, user("Bearer s3cret"));
        assertEquals(ALICE, user("bearer  s3cret "));
    }

    @Test
    void noHeaderIsAnonymous() {
        assertEquals(UserInfo.ANONYMOUS, user(null));
        assertEquals(UserInfo.ANONYMOUS, user(""));
    }

    @Test
    void aBadCredentialIsInvalidNotAnonymous() {
        assertEquals("unknown token", invalid("Bearer wrong"));
        assertEquals("empty bearer token", invalid("Bearer "));
        assertEquals("only bearer tokens are accepted", invalid("Basic YWxpY2U6cw=="));
    }

    @Test
    void nodeCredentialsAreCheckedAgainstTheClusterSecret() {
        UserInfo node = user("Bearer " + CLUSTER.mint("node-2"));
        assertEquals("system:node:node-2", node.name());
        assertEquals(List.of(UserInfo.NODES, UserInfo.AUTHENTICATED), node.groups());
        assertEquals("not a node credential of this cluster", invalid("Bearer " + OTHER_CLUSTER.mint("node-2")));
        // a credential for one node cannot be renamed to another
        String forged = CLUSTER.mint("node-2").replace("node-2", "node-3");
        assertEquals("not a node credential of this cluster", invalid("Bearer " + forged));
    }
}
