package dev.shoal.node.server;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientRateLimiterTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        void advance(Duration d) { now = now.plus(d); }
        @Override public Instant instant() { return now; }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }

    private final ManualClock clock = new ManualClock();

    private static int admitted(ClientRateLimiter l, String client, int requests) {
        int n = 0;
        for (int i = 0; i < requests; i++) if (l.acquire(client) instanceof ClientRateLimiter.Decision.Admitted) n++;
        return n;
    }

    @Test
    void burstThenRate() {
        ClientRateLimiter l = new ClientRateLimiter(100, 200, clock);
        assertEquals(200, admitted(l, "alice", 300), "the burst, no more");
        var refused = assertInstanceOf(ClientRateLimiter.Decision.Limited.class, l.acquire("alice"));
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        clock.advance(Duration.ofMillis(500));
        assertEquals(50, admitted(l, "alice", 100), "half a second refills 50 tokens");
        clock.advance(Duration.ofHours(1));
        assertEquals(200, admitted(l, "alice", 300), "an idle client gets its whole burst back, never more");
    }

    @Test
    void aSteadyClientUnderTheRateIsNeverRefused() {
        ClientRateLimiter l = new ClientRateLimiter(100, 200, clock);
        for (int second = 0; second < 60; second++) {
            assertEquals(100, admitted(l, "kubectl", 100), "second " + second);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void clientsHaveTheirOwnBuckets() {
        ClientRateLimiter l = new ClientRateLimiter(1, 5, clock);
        assertEquals(5, admitted(l, "ip:127.0.0.1", 10));
        assertEquals(5, admitted(l, "user:alice", 10), "one noisy client does not starve another");
    }

    @Test
    void retryAfterIsTheWaitForTheNextTokenRoundedUpToSeconds() {
        ClientRateLimiter l = new ClientRateLimiter(0.2, 1, clock); // one token every 5 s
        assertEquals(1, admitted(l, "c", 1));
        assertEquals(Duration.ofSeconds(5), ((ClientRateLimiter.Decision.Limited) l.acquire("c")).retryAfter());
        clock.advance(Duration.ofMillis(4100));
        assertEquals(Duration.ofSeconds(1), ((ClientRateLimiter.Decision.Limited) l.acquire("c")).retryAfter());
        clock.advance(Duration.ofMillis(900));
        assertEquals(1, admitted(l, "c", 1));
    }

    @Test
    void aClockSteppedBackRefillsNothing() {
        ClientRateLimiter l = new ClientRateLimiter(10, 10, clock);
        assertEquals(10, admitted(l, "c", 10));
        clock.advance(Duration.ofSeconds(-30));
        assertEquals(0, admitted(l, "c", 5));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(10, admitted(l, "c", 20));
    }

    @Test
    void zeroTurnsLimitingOff() {
        ClientRateLimiter l = new ClientRateLimiter(0, 0, clock);
        assertEquals(100_000, admitted(l, "c", 100_000));
        assertEquals(0, l.clients());
    }

    @Test
    void idleClientsAreForgottenAndTooManyShareABucket() {
        ClientRateLimiter l = new ClientRateLimiter(1, 2, clock);
        for (int i = 0; i <= ClientRateLimiter.SWEEP_AT; i++) l.acquire("c" + i);
        assertEquals(ClientRateLimiter.SWEEP_AT + 1, l.clients());
        clock.advance(Duration.ofSeconds(2)); // every bucket is full again
        l.acquire("newcomer");
        assertEquals(1, l.clients(), "full buckets were dropped; the newcomer's remains");

        clock.advance(Duration.ofMillis(10)); // too little to refill anyone: nothing is swept
        for (int i = 0; i < ClientRateLimiter.MAX_CLIENTS + 10; i++) l.acquire("d" + i);
        assertEquals(ClientRateLimiter.MAX_CLIENTS + 1, l.clients(), "beyond the cap, newcomers share one bucket");
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClientRateLimiter(-1, 10, clock));
        assertThrows(IllegalArgumentException.class, () -> new ClientRateLimiter(10, 0, clock));
    }
}
