package dev.shoal.node.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {
    private static Optional<Duration> check(int status, String header, int retries) {
        return RetryAfter.delay(status, Optional.ofNullable(header), retries);
    }

    @Test
    void waitsOutA429AFewTimes() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), check(429, "1", 0));
        assertEquals(Optional.of(Duration.ofSeconds(2)), check(429, " 2 ", 2));
        assertEquals(Optional.of(Duration.ofSeconds(1)), check(429, "0", 0), "0 still waits a second, not a busy loop");
        assertEquals(Optional.empty(), check(429, "1", RetryAfter.MAX_RETRIES), "then the error is the user's");
    }

    @Test
    void anythingElseIsAnswered() {
        assertEquals(Optional.empty(), check(503, "1", 0));
        assertEquals(Optional.empty(), check(429, null, 0));
        assertEquals(Optional.empty(), check(429, "Fri, 27 Nov 2026 12:00:00 GMT", 0));
        assertEquals(Optional.empty(), check(429, "3600", 0), "too long to wait at a terminal");
        assertEquals(Optional.empty(), check(429, "-1", 0));
    }
}
