package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;
import dev.shoal.proxy.SessionAffinity;
import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BalancerTest {
    private static final Backend A = Backend.of("127.0.10.1", 80), B = Backend.of("127.0.10.2", 80), C = Backend.of("127.0.10.3", 80);
    private static final ReadySet ABC = ReadySet.of(List.of(A, B, C));
    private static final InetAddress CLIENT_1 = ip("192.0.2.1"), CLIENT_2 = ip("192.0.2.2"), CLIENT_3 = ip("192.0.2.3");
    private static final SessionAffinity STICKY_60S = new SessionAffinity.ClientIp(Duration.ofSeconds(60));
    private static final long SECOND = 1_000_000_000L;

    @Test
    void withoutAffinityConnectionsGoRoundRobin() {
        Balancer balancer = new Balancer();
        List<Backend> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) order.add(balancer.choose(SessionAffinity.NONE, ABC, CLIENT_1, List.of(), 0));
        assertEquals(List.of(A, B, C, A, B, C), order);
    }

    @Test
    void aRetryTriesTheNextBackendWithoutMovingTheCounter() {
        Balancer balancer = new Balancer();
        assertEquals(A, balancer.choose(SessionAffinity.NONE, ABC, CLIENT_1, List.of(), 0));
        assertEquals(B, balancer.choose(SessionAffinity.NONE, ABC, CLIENT_1, List.of(A), 0), "A refused: B next");
        assertEquals(C, balancer.choose(SessionAffinity.NONE, ABC, CLIENT_1, List.of(A, B), 0));
        assertNull(balancer.choose(SessionAffinity.NONE, ABC, CLIENT_1, List.of(A, B, C), 0));
        assertEquals(B, balancer.choose(SessionAffinity.NONE, ABC, CLIENT_2, List.of(), 0), "the next client's ticket is 1");
    }

    @Test
    void clientIpAffinityKeepsAClientOnItsBackendAndSpreadsNewClients() {
        Balancer balancer = new Balancer();
        assertEquals(A, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), 0));
        for (int i = 1; i < 5; i++) assertEquals(A, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), i * SECOND));
        assertEquals(B, balancer.choose(STICKY_60S, ABC, CLIENT_2, List.of(), 5 * SECOND), "sticky picks took no ticket");
        assertEquals(C, balancer.choose(STICKY_60S, ABC, CLIENT_3, List.of(), 5 * SECOND));
        assertEquals(3, balancer.stickyClients());
    }

    @Test
    void affinityTimesOutFromTheLastNewConnection() {
        Balancer balancer = new Balancer();
        assertEquals(A, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), 0));
        assertEquals(A, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), 59 * SECOND));
        assertEquals(A, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), 118 * SECOND), "each connection restarts the 60 s");
        assertEquals(B, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), 178 * SECOND), "60 s idle: balanced afresh");
    }

    @Test
    void aClientWhoseBackendRefusesOrLeavesSticksToItsNewOne() {
        Balancer balancer = new Balancer();
        assertEquals(A, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), 0));
        assertEquals(B, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(A), 0), "A refused");
        assertEquals(B, balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), SECOND), "B is the client's backend now");
        ReadySet withoutB = ReadySet.of(List.of(A, C));
        Backend moved = balancer.choose(STICKY_60S, withoutB, CLIENT_1, List.of(), 2 * SECOND);
        assertEquals(moved, balancer.choose(STICKY_60S, withoutB, CLIENT_1, List.of(), 3 * SECOND));
    }

    @Test
    void sweepForgetsExpiredClientsAndSwitchingAffinityOffForgetsAll() {
        Balancer balancer = new Balancer();
        balancer.choose(STICKY_60S, ABC, CLIENT_1, List.of(), 0);
        balancer.choose(STICKY_60S, ABC, CLIENT_2, List.of(), 30 * SECOND);
        balancer.sweep(STICKY_60S, 70 * SECOND);
        assertEquals(1, balancer.stickyClients());
        balancer.affinityChanged(SessionAffinity.NONE);
        assertEquals(0, balancer.stickyClients());
    }

    private static InetAddress ip(String literal) {
        return NetUtil.createInetAddressFromIpAddressString(literal);
    }
}
