package dev.shoal.node.auth;

import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.internal.FailureDetection;
import dev.shoal.membership.internal.HazelcastClusterMember;
import dev.shoal.membership.internal.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster's auth state in a real (one-member) Hazelcast cluster: the first admin token is
 * minted once, owner-only, and survives a restart of the whole cluster without a second one; the
 * token file is the truth about file tokens; no plaintext token reaches the map.
 */
class ClusterAuthTest {
    @TempDir Path dir;
    private HazelcastClusterMember member;
    private ClusterAuth auth;

    private ClusterAuth start(AuthSettings settings) throws Exception {
        stop();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        member = HazelcastClusterMember.start(new ClusterSettings("n1", "127.0.0.1", port, List.of(), "auth-" + UUID.randomUUID(),
                dir.resolve("data"), Map.of()), FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
        auth = ClusterAuth.start(member.hazelcast(), "n1", dir.resolve("data"), settings);
        return auth;
    }

    @AfterEach
    void stop() {
        if (auth != null) auth.close();
        if (member != null) member.close();
        auth = null;
        member = null;
    }

    private static UserInfo user(ClusterAuth auth, String token) {
        return assertInstanceOf(Authenticator.Result.Authenticated.class, auth.authenticate("Bearer " + token)).user();
    }

    private static boolean rejected(ClusterAuth auth, String token) {
        return auth.authenticate("Bearer " + token) instanceof Authenticator.Result.Invalid;
    }

    @Test
    void aNewClusterMintsOneAdminTokenAndKeepsItAcrossAColdRestart() throws Exception {
        ClusterAuth a = start(AuthSettings.SECURE);
        Path file = dir.resolve("data").resolve(ClusterAuth.ADMIN_TOKEN_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file).strip();
        UserInfo admin = user(a, token);
        assertEquals("admin", admin.name());
        assertTrue(a.authorizer().isClusterAdmin(admin));
        for (String v : member.hazelcast().<String, String>getMap(ClusterAuth.MAP).values()) {
            assertFalse(v.contains(token), "no plaintext token in the cluster: " + v);
        }
        for (String k : member.hazelcast().<String, String>getMap(ClusterAuth.MAP).keySet()) assertFalse(k.contains(token));

        // every member is gone: the map is empty, the data directory remembers
        ClusterAuth b = start(AuthSettings.SECURE);
        assertEquals(token, Files.readString(file).strip(), "not minted again");
        assertEquals("admin", user(b, token).name());

        // even the agent that holds the token file is replaced: the marker alone keeps the hash
        Files.delete(file);
        ClusterAuth c = start(AuthSettings.SECURE);
        assertFalse(Files.exists(file), "a cluster that had an admin token never mints another");
        assertEquals("admin", user(c, token).name());
    }

    @Test
    void theTokenFileIsTheTruthAboutFileTokens() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "tok-a,alice,u-1,\"team-a\"\ntok-b,bob,u-2\n");
        ClusterAuth a = start(new AuthSettings(tokens, null, false));
        assertFalse(Files.exists(dir.resolve("data").resolve(ClusterAuth.ADMIN_TOKEN_FILE)), "a token file means no minted admin");
        assertEquals(List.of("team-a", UserInfo.AUTHENTICATED), user(a, "tok-a").groups());
        assertEquals("bob", user(a, "tok-b").name());
        assertTrue(rejected(a, "tok-c"));

        // re-published with bob gone and carol new, on a live cluster (the same map)
        Files.writeString(tokens, "tok-a,alice,u-1\ntok-c,carol,u-3\n");
        ClusterAuth again = ClusterAuth.start(member.hazelcast(), "n1", dir.resolve("data"), new AuthSettings(tokens, null, false));
        try {
            assertTrue(rejected(again, "tok-b"), "removed from the file: refused");
            // the first instance learns it from the map's events
            dev.shoal.node.it.Await.until(java.time.Duration.ofSeconds(10), "the other copy to follow the file", () ->
                    rejected(a, "tok-b") && !rejected(a, "tok-c") && user(a, "tok-a").groups().size() == 1 ? Boolean.TRUE : null);
            assertEquals("carol", user(a, "tok-c").name());
        } finally {
            again.close();
        }
    }

    @Test
    void bindingsArePublishedAndDevModeMintsNothing() throws Exception {
        Path bindings = dir.resolve("bindings");
        Files.writeString(bindings, "edit,user:alice,team-a\n");
        ClusterAuth a = start(new AuthSettings(null, bindings, true));
        assertFalse(Files.exists(dir.resolve("data").resolve(ClusterAuth.ADMIN_TOKEN_FILE)));
        UserInfo alice = UserInfo.authenticated("alice", "", List.of());
        assertTrue(a.authorizer().decide(alice, Attributes.resource("create", "", "pods", "", "team-a", "", true)).allowed());
        assertTrue(a.authorizer().isClusterAdmin(UserInfo.ANONYMOUS), "dev mode");
        assertFalse(a.authorizer().isClusterAdmin(alice));
        assertTrue(a.nodeCredential().startsWith("shoal-node.n1."));
        assertEquals("system:node:n1", user(a, a.nodeCredential()).name());
    }
}
