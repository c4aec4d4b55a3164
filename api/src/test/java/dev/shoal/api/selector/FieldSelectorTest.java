package dev.shoal.api.selector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class FieldSelectorTest {
    private static final ObjectNode EVENT = parse("""
            {"metadata":{"name":"web.1","namespace":"default"},
             "involvedObject":{"kind":"Pod","name":"web","namespace":"default","uid":"u-1"},
             "reason":"Scheduled","type":"Normal","count":3,"note":"a,b=c"}""");
    private static final ObjectNode POD = parse("""
            {"metadata":{"name":"web","namespace":"prod"},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}}""");

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "pod   | metadata.name=web                              | true",
            "pod   | metadata.name==web                             | true",
            "pod   | metadata.name=db                               | false",
            "pod   | metadata.name!=db                              | true",
            "pod   | metadata.namespace=prod,status.phase=Running   | true",
            "pod   | metadata.namespace=prod,status.phase!=Running  | false",
            "pod   | spec.nodeName=n1                               | true",
            "pod   | spec.nodeName=                                 | false",
            "pod   | spec.missing=                                  | true",
            "pod   | spec=                                          | true",
            "pod   | ''                                             | true",
            "event | involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u-1 | true",
            "event | involvedObject.kind=Pod,reason=Scheduled,type=Normal | true",
            "event | involvedObject.uid=u-2                         | false",
            "event | count=3                                        | true",
            "event | note=a\\,b\\=c                                 | true",
    })
    void matches(String which, String selector, boolean expected) {
        assertEquals(expected, FieldSelector.parse(selector).matches(which.equals("pod") ? POD : EVENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.name", "=web", "a..b=c", ".a=b", "a=b=c", "a=b\\x", "a=b,,c=d"})
    void rejects(String selector) {
        ApiException e = assertThrows(ApiException.class, () -> FieldSelector.parse(selector));
        assertEquals(400, e.code());
        assertEquals("fieldSelector", e.causes().get(0).field());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"metadata.name==web|metadata.name=web", "a!=b,c=d\\,e|a!=b,c=d\\,e"})
    void toStringRoundTrips(String input, String expected) {
        assertEquals(expected, FieldSelector.parse(input).toString());
    }
}
