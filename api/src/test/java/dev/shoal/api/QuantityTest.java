package dev.shoal.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantityTest {
    @ParameterizedTest
    @CsvSource({
            "100m, 100", "0.5, 500", "2, 2000", "1e3, 1000000", "1k, 1000000", "0.1m, 1",
            "1.5, 1500", ".25, 250", "250000u, 250", "1000000n, 1", "1n, 1", "2E-3, 2", "0, 0",
    })
    void milliValue(String input, long expected) {
        assertEquals(expected, Quantity.milliValue(input));
    }

    @ParameterizedTest
    @CsvSource({
            "128Mi, 134217728", "1Ki, 1024", "1G, 1000000000", "1Gi, 1073741824", "1e3, 1000",
            "512, 512", "1.5Ki, 1536", "100m, 1", "2Ti, 2199023255552", "1E, 1000000000000000000",
    })
    void bytes(String input, long expected) {
        assertEquals(expected, Quantity.bytes(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1Kb", "1 Mi", "Mi", ".", "1..2", "--1", "1e", "1e999999999", "1e31", "1mi", "1KiB"})
    void rejectsInvalid(String input) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantity.bytes(input));
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10Ei", "9300000000000000k"})
    void rejectsOverflow(String input) {
        assertThrows(IllegalArgumentException.class, () -> Quantity.milliValue(input));
    }
}
