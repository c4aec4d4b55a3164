package dev.shoal.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LabelSelectorTest {
    /** "a=1;b=2" -> map; "-" is no labels. */
    private static Map<String, String> labels(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!spec.equals("-")) for (String kv : spec.split(";")) m.put(kv.split("=", -1)[0], kv.split("=", -1)[1]);
        return m;
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "app=web              | app=web           | true",
            "app==web             | app=web           | true",
            "app=web              | app=db            | false",
            "app!=web             | app=db            | true",
            "app!=web             | -                 | true",
            "app!=web             | app=web           | false",
            "env in (a,b)         | env=b             | true",
            "env in (a,b)         | env=c             | false",
            "env in (a,b)         | -                 | false",
            "env notin (a)        | -                 | true",
            "env notin (a)        | env=a             | false",
            "tier                 | tier=             | true",
            "tier                 | app=x             | false",
            "!tier                | app=x             | true",
            "!tier                | tier=x            | false",
            "a=b,c!=d,e in (x,y),f notin (z),g,!h | a=b;e=y;g=1 | true",
            "a=b,c!=d,e in (x,y),f notin (z),g,!h | a=b;e=y;g=1;h=2 | false",
            "' app = web , tier '  | app=web;tier=1   | true",
            "app=                 | app=              | true",
            "''                   | -                 | true",
            "example.com/role=db  | example.com/role=db | true",
    })
    void matches(String selector, String labels, boolean expected) {
        assertEquals(expected, LabelSelector.parse(selector).matches(labels(labels)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a=b,c!=d,e in (x,y),f notin (z),g,!h | a=b,c!=d,e in (x,y),f notin (z),g,!h",
            "a==b                                  | a=b",
            "' e  in ( x , y ) '                   | e in (x,y)",
    })
    void toStringIsQuerySyntax(String input, String expected) {
        assertEquals(expected, LabelSelector.parse(input).toString());
        assertEquals(LabelSelector.parse(input), LabelSelector.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a in ()      | values set can't be empty",
            "a in (x      | expected: ','",
            "a foo b      | found 'foo'",
            "a=b,         | key expected",
            "=b           | key expected",
            "a=b c        | expected: ','",
            "-a=b         | key: Invalid value: \"-a\"",
            "a=-b         | values: Invalid value: \"-b\"",
            "a in x       | expected: '('",
    })
    void parseErrorsName400AndParameter(String input, String fragment) {
        ApiException e = assertThrows(ApiException.class, () -> LabelSelector.parse(input));
        assertEquals(400, e.code());
        assertEquals("labelSelector", e.causes().get(0).field());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void emptyMatchesEverythingAndAbsentMatchesNothing() {
        assertTrue(LabelSelector.parse("").isEmpty());
        assertTrue(LabelSelector.parse("").matches(Map.of()));
        assertFalse(LabelSelector.fromJson(null).matches(Map.of()));
        assertTrue(LabelSelector.fromJson(null).matchesNothing());
        assertFalse(LabelSelector.fromMap(Map.of()).matches(Map.of("a", "b")));
        assertTrue(LabelSelector.fromMap(Map.of("a", "b")).matches(Map.of("a", "b", "c", "d")));
    }

    @Test
    void fromJsonCombinesMatchLabelsAndExpressions() throws Exception {
        JsonNode sel = Json.JSON.readTree("""
                {"matchLabels":{"app":"web"},"matchExpressions":[
                  {"key":"tier","operator":"In","values":["fe","be"]},
                  {"key":"canary","operator":"DoesNotExist"}]}""");
        LabelSelector s = LabelSelector.fromJson(sel);
        assertEquals("app=web,tier in (fe,be),!canary", s.toString());
        assertTrue(s.matches(Map.of("app", "web", "tier", "fe")));
        assertFalse(s.matches(Map.of("app", "web", "tier", "fe", "canary", "1")));
        assertTrue(LabelSelector.fromJson(Json.JSON.readTree("{}")).matches(Map.of("x", "y")));
    }

    @Test
    void fromJsonRejectsBadOperator() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> LabelSelector.fromJson(
                Json.JSON.readTree("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}")));
        assertEquals("selector.matchExpressions[0].operator", e.causes().get(0).field());
    }
}
