package dev.shoal.proxy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The API records refuse bad input and name the bad field. */
class RecordsTest {
    private static final ListenAddress VIP = ListenAddress.tcp("127.96.0.10", 53);
    private static final ServicePortName DNS = new ServicePortName("kube-system", "dns", "dns-tcp");
    private static final Backend A = Backend.of("127.244.1.5", 53), B = Backend.of("127.244.2.7", 53);

    @Test
    void addressesMustBeIpLiteralsWithValidPorts() {
        check("listen.ip: must be an IP address, got 'example.com'", () -> ListenAddress.tcp("example.com", 80));
        check("backend.port: must be in 1..65535, got 0", () -> Backend.of("127.0.10.1", 0));
        check("backend.ip: must be an IP address, got 'localhost'", () -> Backend.of("localhost", 80));
        assertEquals("[fd00::a]:80/TCP", ListenAddress.tcp("fd00::a", 80).toString());
        assertEquals("127.244.1.5:53", A.toString());
    }

    @Test
    void aBackendIsListedOnceAcrossReadyAndTerminating() {
        check("ready[1]: duplicate backend 127.244.1.5:53",
                () -> new ProxyRule(VIP, DNS, SessionAffinity.NONE, List.of(A, A), List.of()));
        check("terminating[0]: 127.244.1.5:53 is listed twice or also as ready",
                () -> new ProxyRule(VIP, DNS, SessionAffinity.NONE, List.of(A), List.of(A)));
        new ProxyRule(VIP, DNS, SessionAffinity.NONE, List.of(A), List.of(B));
    }

    @Test
    void aTableHasOneRulePerListener() {
        check("rules[1].listen: 127.96.0.10:53/TCP is already used by rules[0]",
                () -> ProxyTable.of(ProxyRule.of(VIP, DNS, List.of(A)), ProxyRule.of(VIP, DNS, List.of(B))));
    }

    @Test
    void affinityTimeoutFollowsKubernetesBounds() {
        assertEquals(Duration.ofSeconds(10800), ((SessionAffinity.ClientIp) SessionAffinity.clientIp()).timeout());
        check("sessionAffinityConfig.clientIP.timeoutSeconds: must be in 1..86400, got 86401",
                () -> new SessionAffinity.ClientIp(Duration.ofSeconds(86401)));
        check("sessionAffinityConfig.clientIP.timeoutSeconds: must be in 1..86400, got 0",
                () -> new SessionAffinity.ClientIp(Duration.ZERO));
    }

    @Test
    void settingsAreChecked() {
        check("maxConnectAttempts: must be at least 1, got 0", () -> ProxySettings.defaults().withMaxConnectAttempts(0));
        check("connectTimeout: must be positive, got PT0S", () -> ProxySettings.defaults().withConnectTimeout(Duration.ZERO));
    }

    private static void check(String message, Runnable construct) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construct::run).getMessage());
    }
}
