package dev.shoal.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {
    @Test
    void suffixUsesKubernetesAlphabetAndIsDeterministicPerSeed() {
        String a = Names.generateSuffix(new Random(42));
        assertEquals(5, a.length());
        assertTrue(a.chars().allMatch(c -> Names.SUFFIX_ALPHABET.indexOf(c) >= 0), a);
        assertEquals(a, Names.generateSuffix(new Random(42)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "label, web, true", "label, web-1, true", "label, 1web, true", "label, Web, false", "label, -web, false",
            "label, web., false", "label, a.b, false", "label, '', false",
            "subdomain, a.b-c.d, true", "subdomain, a..b, false", "subdomain, A.b, false", "subdomain, '', false",
            "qualified, app, true", "qualified, example.com/App_1, true", "qualified, /app, false",
            "qualified, a/b/c, false", "qualified, Ex.com/app, false", "qualified, app-, false", "qualified, '', false",
            "labelValue, '', true", "labelValue, My_value.1, true", "labelValue, -x, false", "labelValue, a b, false",
            "port, http, true", "port, metrics-1, true", "port, 8080, false", "port, HTTP, false",
            "port, a--b, false", "port, -ab, false", "port, abcdefghijklmnop, false",
    })
    void rules(String rule, String value, boolean valid) {
        var errs = switch (rule) {
            case "label" -> Names.dns1123Label(value);
            case "subdomain" -> Names.dns1123Subdomain(value);
            case "qualified" -> Names.qualifiedName(value);
            case "labelValue" -> Names.labelValue(value);
            default -> Names.portName(value);
        };
        assertEquals(valid, errs.isEmpty(), errs.toString());
    }

    @Test
    void lengthLimits() {
        assertTrue(Names.dns1123Label("a".repeat(63)).isEmpty());
        assertEquals("must be no more than 63 characters", Names.dns1123Label("a".repeat(64)).get(0));
        assertTrue(Names.dns1123Subdomain("a".repeat(253)).isEmpty());
        assertEquals("must be no more than 253 characters", Names.dns1123Subdomain("a".repeat(254)).get(0));
        assertTrue(Names.qualifiedName("x.io/" + "a".repeat(63)).isEmpty());
        assertEquals("name part must be no more than 63 characters", Names.qualifiedName("a".repeat(64)).get(0));
        assertEquals("must be no more than 63 characters", Names.labelValue("a".repeat(64)).get(0));
    }

    @ParameterizedTest
    @CsvSource({"192.0.2.1, true", "255.255.255.255, true", "256.1.1.1, false", "1.2.3, false", "01.2.3.4, false", "a.b.c.d, false", "None, false"})
    void ipv4(String value, boolean valid) {
        assertEquals(valid, Names.isIPv4(value));
    }
}
