package dev.shoal.node.server;

import dev.shoal.node.auth.Authenticator;
import dev.shoal.node.auth.UserInfo;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ApiRateLimitTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.7", 50123);
    private static final Authenticator.Result ALICE = new Authenticator.Result.Authenticated(UserInfo.authenticated("alice", "", List.of()));
    private static final Authenticator.Result ANONYMOUS = new Authenticator.Result.Authenticated(UserInfo.ANONYMOUS);
    private static final Authenticator.Result BAD_TOKEN = new Authenticator.Result.Invalid("unknown token");
    private static final Authenticator.Result NODE = new Authenticator.Result.Authenticated(
            UserInfo.authenticated(UserInfo.NODE_PREFIX + "node-2", "", List.of(UserInfo.NODES)));

    @Test
    void whoARequestCountsAgainst() {
        assertEquals("user:alice", ApiRateLimit.client(ALICE, FROM, "/api/v1/pods", false), "a user, wherever from");
        assertEquals("ip:127.0.0.7", ApiRateLimit.client(ANONYMOUS, FROM, "/api/v1/pods", false), "no credentials: the address");
        assertEquals("ip:127.0.0.7", ApiRateLimit.client(BAD_TOKEN, FROM, "/api/v1/pods", false), "a token guesser is limited too");
    }

    @Test
    void exempt() {
        assertNull(ApiRateLimit.client(NODE, FROM, "/api/v1/namespaces/a/pods/p/log", false), "another agent forwarding");
        assertNull(ApiRateLimit.client(ALICE, FROM, "/api/v1/pods", true), "a watch is one long request, not a rate");
        for (String health : List.of("/healthz", "/livez", "/readyz")) assertNull(ApiRateLimit.client(ANONYMOUS, FROM, health, false), health);
        assertEquals("ip:127.0.0.7", ApiRateLimit.client(ANONYMOUS, FROM, "/metrics", false), "only health is free");
    }
}
