package dev.shoal.api.table;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgesTest {
    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({
            "-5, <invalid>",
            "-1, 0s",
            "0, 0s",
            "45, 45s",
            "119, 119s",
            "120, 2m",
            "192, 3m12s",
            "599, 9m59s",
            "600, 10m",
            "10799, 179m",
            "10800, 3h",
            "18000, 5h",
            "18060, 5h1m",
            "28800, 8h",
            "172799, 47h",
            "172800, 2d",
            "183600, 2d3h",
            "691200, 8d",
            "63072000, 2y",
            "63158400, 2y1d",
            "252288000, 8y",
    })
    void humanDurationMatchesKubectl(long seconds, String expected) {
        assertEquals(expected, Ages.human(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource({
            "2024-05-01T11:59:15Z, 45s",
            "2024-04-29T09:00:00Z, 2d3h",
            "'', <unknown>",
            "yesterday, <unknown>",
    })
    void sinceParsesRfc3339(String timestamp, String expected) {
        assertEquals(expected, Ages.since(timestamp, Instant.parse("2024-05-01T12:00:00Z")));
    }
}
