package dev.shoal.api.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ManifestCodecTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static ApiException fails(String body, String contentType) {
        return assertThrows(ApiException.class, () -> ManifestCodec.decodeAll(b(body), contentType));
    }

    @Test
    void multiDocumentYamlSkipsEmptyDocuments() {
        List<ObjectNode> objs = ManifestCodec.decodeAll(b("""
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: a}
                ---
                # only a comment
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: b}
                ---
                """), "application/yaml");
        assertEquals(List.of("a", "b"), objs.stream().map(o -> o.path("metadata").path("name").asText()).toList());
    }

    @Test
    void listIsExpandedByDecodeAllButNotByDecodeOne() {
        String list = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n"
                + "- {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Namespace, metadata: {name: b}}]}\n";
        List<ObjectNode> objs = ManifestCodec.decodeAll(b(list), null);
        assertEquals(2, objs.size());
        assertEquals("b", objs.get(1).path("metadata").path("name").asText());
        assertEquals("List", ManifestCodec.decodeOne(b(list), null).path("kind").asText());
    }

    @Test
    void jsonByContentTypeOrFirstCharacter() {
        assertEquals("x", ManifestCodec.decodeOne(b("  {\"kind\":\"x\"}"), null).path("kind").asText());
        assertEquals("x", ManifestCodec.decodeOne(b("{\"kind\":\"x\"}"), "application/json; charset=utf-8").path("kind").asText());
        assertTrue(ManifestCodec.isJson("\n [", "application/yaml"));
        assertFalse(ManifestCodec.isJson("kind: x", null));
        assertFalse(ManifestCodec.isJson("{kind: x}", null));
        assertTrue(ManifestCodec.isJson(" { \"kind\": 1}", null));
        assertTrue(ManifestCodec.isJson("{}", null));
    }

    @Test
    void unmodelledFieldsRoundTrip() {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"x-unknown\":{\"deep\":[1,2.5,true,null]}}}";
        ObjectNode obj = ManifestCodec.decodeOne(b(json), null);
        assertEquals(json, new String(ManifestCodec.toJson(obj), StandardCharsets.UTF_8));
        assertEquals(obj, ManifestCodec.decodeOne(b(ManifestCodec.toYaml(obj)), "application/yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "syntax error names line and column | a: b\\nc: d: e                | yaml: line 2, column 5: mapping values are not allowed here",
            "duplicate key                      | a: 1\\nb: 2\\na: 3            | yaml: line 3, column 2: duplicate field \"a\"",
            "document must be an object         | - a\\n- b                     | document 1 must be an object, not array",
            "scalar document                    | just a string                | document 1 must be an object, not string",
            "alias is refused                   | a: &x {b: 1}\\nc: *x          | yaml: line 2, column 4: aliases (*x) are not supported",
            "json syntax error                  | {\"a\": }                    | json: line 1, column 7",
            "json duplicate key                 | {\"a\": 1, \"a\": 2}         | json: line 1, column 15: duplicate field \"a\"",
            "json trailing tokens               | {\"a\": 1} {}                | json: line 1",
            "json array is not an object        | [1]                          | document 1 must be an object, not array",
            "list items must be objects         | {apiVersion: v1, kind: List, items: [1]} | items[0] of a List must be an object",
    })
    void badBodies(String name, String body, String expected) {
        ApiException e = fails(body.replace("\\n", "\n"), null);
        assertEquals(400, e.code());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        // a duplicate names its field, as Kubernetes' strict decoding does; other syntax errors name the body
        assertEquals(name.contains("duplicate") ? "a" : "body", e.causes().get(0).field());
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = {'a', ':', ' ', 'b', '\n', 'c', ':', ' ', (byte) 0xC3, (byte) 0x28};
        ApiException e = assertThrows(ApiException.class, () -> ManifestCodec.decodeAll(body, null));
        assertEquals("invalid UTF-8 at line 2, byte offset 8", e.getMessage());
    }

    @Test
    void billionLaughsFailsFast() {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p);
            for (int i = 0; i < 8; i++) y.append(",*").append(p);
            y.append("]\n");
        }
        ApiException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> fails(y.toString(), null));
        assertEquals(400, e.code());
        assertEquals("yaml: line 2, column 8: aliases (*a) are not supported", e.getMessage());
    }

    @Test
    void longStringIsRefused() {
        assertEquals(400, fails("a: " + "x".repeat(dev.shoal.api.Json.MAX_STRING_LENGTH + 1), null).code());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertEquals(400, fails("a: " + deep, null).code());
        assertEquals(400, fails("{\"a\":" + deep + "}", null).code());
    }

    @Test
    void tooManyCodePointsIsRefused() {
        // many short comment lines: no single string is long, only the document as a whole
        String big = "a: 1\n" + "#xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n".repeat(YamlDocuments.MAX_CODE_POINTS / 64 + 1);
        ApiException e = fails(big, null);
        assertEquals(400, e.code());
        assertTrue(e.getMessage().contains("code points"), e.getMessage());
    }

    @Test
    void decodeOneRefusesZeroOrSeveral() {
        assertEquals("no objects passed",
                assertThrows(ApiException.class, () -> ManifestCodec.decodeOne(b("---\n"), null)).getMessage());
        assertEquals("expected exactly one object, got more than one",
                assertThrows(ApiException.class, () -> ManifestCodec.decodeOne(b("a: 1\n---\nb: 2\n"), null)).getMessage());
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"v1, Pod, POD", "apps/v1, Deployment, DEPLOYMENT", "v1, Service, SERVICE", "apps/v1, ReplicaSet, REPLICASET"})
    void typeOfKnownKinds(String apiVersion, String kind, ResourceType expected) {
        assertEquals(expected, ManifestCodec.typeOf(ManifestCodec.decodeOne(b("{apiVersion: " + apiVersion + ", kind: " + kind + "}"), null)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{kind: Pod}                        | apiVersion | Object 'apiVersion' is missing",
            "{apiVersion: v1}                   | kind       | Object 'Kind' is missing",
            "{apiVersion: bar/v1, kind: Foo}    | kind       | no matches for kind \"Foo\" in version \"bar/v1\"",
            "{apiVersion: v1, kind: Deployment} | kind       | no matches for kind \"Deployment\" in version \"v1\"",
    })
    void typeOfErrors(String body, String field, String message) {
        ApiException e = assertThrows(ApiException.class, () -> ManifestCodec.typeOf(ManifestCodec.decodeOne(b(body), null)));
        assertEquals(400, e.code());
        assertEquals(message, e.getMessage());
        assertEquals(field, e.causes().get(0).field());
    }
}
