package dev.shoal.api.codec;

import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies built to hurt a parser: each is a 400 whose message names the problem (and the field
 * when there is one), within a second, and never another exception.
 */
class HostileBodiesTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static Stream<Arguments> hostile() {
        return Stream.of(
                // name, body, field named in the cause, words the message contains
                Arguments.of("json 1e400", b("{\"spec\":{\"replicas\":1e400}}"), "spec.replicas", "spec.replicas: number is out of range"),
                Arguments.of("yaml 1e400", b("spec:\n  replicas: 1.0e+400\n"), "spec.replicas", "spec.replicas: number is out of range"),
                Arguments.of("json -1e400 in a list", b("{\"spec\":{\"ports\":[{\"port\":-1e400}]}}"), "spec.ports[0].port", "out of range"),
                Arguments.of("integer beyond 64 bits", b("{\"spec\":{\"replicas\":99999999999999999999999}}"), "spec.replicas",
                        "integer 99999999999999999999999 is out of range"),
                Arguments.of("yaml integer beyond 64 bits", b("spec:\n  replicas: -99999999999999999999999\n"), "spec.replicas", "out of range"),
                Arguments.of("json NaN", b("{\"spec\":{\"replicas\":NaN}}"), "body", "json: line 1, column 24"),
                Arguments.of("yaml .nan", b("spec:\n  replicas: .nan\n"), "body", "yaml: line 2"),
                Arguments.of("yaml -.inf", b("spec:\n  replicas: -.inf\n"), "body", "yaml: line 2"),
                Arguments.of("number of 500 digits", b("{\"spec\":{\"replicas\":" + "9".repeat(500) + "}}"), "body",
                        "json: a number is longer than 100 characters"),
                Arguments.of("yaml number of 500 digits", b("spec:\n  replicas: " + "9".repeat(500) + "\n"), "body", "longer than 100 characters"),
                Arguments.of("json duplicate nested key", b("{\"spec\":{\"replicas\":1,\"replicas\":2}}"), "spec.replicas",
                        "json: line 1, column 34: duplicate field \"spec.replicas\""),
                Arguments.of("json duplicate key in a list item", b("{\"spec\":{\"containers\":[{\"name\":\"a\",\"name\":\"b\"}]}}"),
                        "spec.containers[0].name", "duplicate field \"spec.containers[0].name\""),
                Arguments.of("yaml duplicate nested key", b("spec:\n  replicas: 1\n  replicas: 2\n"), "spec.replicas",
                        "yaml: line 3, column 11: duplicate field \"spec.replicas\""),
                Arguments.of("overlong UTF-8 (C0 80 for NUL)", new byte[]{'a', ':', ' ', (byte) 0xC0, (byte) 0x80}, "body", "invalid UTF-8 at line 1, byte offset 3"),
                Arguments.of("overlong UTF-8 ('/' in 3 bytes)", new byte[]{'a', ':', ' ', (byte) 0xE0, (byte) 0x80, (byte) 0xAF}, "body", "invalid UTF-8"),
                Arguments.of("UTF-8 encoded surrogate", new byte[]{'a', ':', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, "body", "invalid UTF-8"),
                Arguments.of("truncated UTF-8 sequence", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82}, "body", "invalid UTF-8"),
                Arguments.of("code point beyond U+10FFFF", new byte[]{'a', ':', ' ', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "body", "invalid UTF-8"),
                Arguments.of("raw NUL in yaml", b("a: b\u0000c\n"), "body", "special characters are not allowed"),
                Arguments.of("raw NUL in json", b("{\"a\":\"b\u0000c\"}"), "body", "CTRL-CHAR"),
                Arguments.of("escaped NUL in json", b("{\"metadata\":{\"name\":\"b\\u0000c\"}}"), "metadata.name", "metadata.name: string contains a NUL character"),
                Arguments.of("escaped NUL in yaml", b("spec:\n  args: [\"x\\0\"]\n"), "spec.args[0]", "NUL"),
                Arguments.of("escaped NUL in a key", b("{\"metadata\":{\"labels\":{\"a\\u0000\":\"x\"}}}"), "metadata.labels.a\u0000", "key contains a NUL"),
                Arguments.of("json escaped lone surrogate", b("{\"spec\":{\"args\":[\"a\\ud800\"]}}"), "spec.args[0]",
                        "spec.args[0]: string contains an unpaired surrogate (\\ud800) at character 1"),
                Arguments.of("yaml escaped lone surrogate in a key", b("\"k\\udd9f\": 1\n"), "k\udd9f", "key contains an unpaired surrogate"),
                Arguments.of("json nested 101 deep", b("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"), "body",
                        "the document is nested deeper than 100 levels"),
                Arguments.of("yaml nested 101 deep (flow)", b("a: " + "[".repeat(101) + "]".repeat(101)), "body", "nested deeper than 100 levels"),
                Arguments.of("yaml nested 200 deep (block)", b(Stream.iterate(0, i -> i + 1).limit(200).map(i -> " ".repeat(i) + "k:")
                        .reduce("", (x, y) -> x + y + "\n")), "body", "nested deeper than 100 levels"),
                Arguments.of("key of 5000 characters", b("{\"" + "k".repeat(5000) + "\":1}"), "body", "longer than 4096 characters"),
                // SnakeYAML refuses an implicit key over 1024 characters itself; the explicit form reaches the key limit
                Arguments.of("yaml implicit key of 5000 characters", b("k".repeat(5000) + ": 1\n"), "body", "yaml: line 1, column 5001"),
                Arguments.of("yaml explicit key of 5000 characters", b("? " + "k".repeat(5000) + "\n: 1\n"), "body", "longer than 4096 characters"),
                Arguments.of("yaml string over the limit", b("a: " + "x".repeat(Json.MAX_STRING_LENGTH + 1) + "\n"), "a", "a: string longer than"),
                Arguments.of("many tiny documents", b("a: 1\n---\n".repeat(YamlDocuments.MAX_DOCUMENTS + 1)), "body", "more than 10000 documents"),
                Arguments.of("many empty documents", b("---\n".repeat(500_000)), "body", "more than 10000 documents"),
                Arguments.of("alias to a scalar", b("a: &x 1\nb: *x\n"), "body", "aliases (*x) are not supported"),
                Arguments.of("recursive anchor", b("a: &x [*x]\n"), "body", "aliases (*x) are not supported"),
                Arguments.of("complex key", b("? [a, b]\n: c\n"), "body", "yaml: line 1"),
                Arguments.of("json declared, yaml sent", b("a: 1"), "body", "json: line 1, column 1"),
                Arguments.of("truncated json", b("{\"apiVersion\":\"v1\",\"kind\":\"Po"), "body", "json: line 1"),
                Arguments.of("truncated yaml flow", b("{apiVersion: v1, kind: [Pod"), "body", "yaml: line 1")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusedWithA400NamingTheProblem(String name, byte[] body, String field, String words) {
        String contentType = name.startsWith("json declared") ? "application/json" : null;
        ApiException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ApiException.class, () -> ManifestCodec.decodeAll(body, contentType)));
        assertEquals(400, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertEquals(field, e.causes().get(0).field(), e.getMessage());
        assertTrue(e.getMessage().length() < 1000, "the message does not echo the input: " + e.getMessage().length());
    }

    @Test
    void decodeOneStopsAtTheSecondDocument() {
        byte[] body = b("a: 1\n---\n".repeat(YamlDocuments.MAX_DOCUMENTS + 1));
        ApiException e = assertThrows(ApiException.class, () -> ManifestCodec.decodeOne(body, null));
        assertEquals("expected exactly one object, got more than one", e.getMessage());
    }

    @Test
    void jsonPatchesHaveTheSameLimits() {
        assertEquals(2, ManifestCodec.decodeJsonPatch(b("[{\"op\":\"add\",\"path\":\"/a\",\"value\":1},{\"op\":\"remove\",\"path\":\"/b\"}]")).size());
        for (String bad : new String[]{"{\"op\":\"add\"}", "[{\"op\":\"add\",\"value\":1e400}]", "[{\"value\":\"\\ud800\"}]",
                "[{\"op\":1,\"op\":2}]", "[" + "[".repeat(200) + "]".repeat(200) + "]", "[1] [2]", ""}) {
            ApiException e = assertThrows(ApiException.class, () -> ManifestCodec.decodeJsonPatch(b(bad)), bad);
            assertEquals(400, e.code(), bad);
        }
        ApiException e = assertThrows(ApiException.class, () -> ManifestCodec.decodeJsonPatch(new byte[]{'[', '"', (byte) 0xFF, '"', ']'}));
        assertTrue(e.getMessage().startsWith("invalid UTF-8"), e.getMessage());
    }

    @Test
    void aHugeLabelMapIsOneCause() {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 50_000; i++) labels.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        var obj = ManifestCodec.decodeOne(b("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"n\",\"labels\":{" + labels + "}}}"), null);
        var result = dev.shoal.api.validation.Validator.validate(dev.shoal.api.ResourceType.NAMESPACE, obj);
        assertEquals(1, result.errors().size(), result.errors().toString());
        assertEquals("metadata.labels: Too long: must have at most 262144 bytes", result.errors().get(0).toString());
    }

    @Test
    void harmlessNumbersPass() {
        var obj = ManifestCodec.decodeOne(b("{\"a\":-0,\"b\":1e-400,\"c\":9223372036854775807,\"d\":-9223372036854775808,\"e\":1.5e300}"), null);
        assertEquals(0, obj.get("a").asInt());
        assertEquals(0.0, obj.get("b").asDouble());
        assertEquals(Long.MAX_VALUE, obj.get("c").asLong());
        assertEquals(Long.MIN_VALUE, obj.get("d").asLong());
        assertEquals(1.5e300, obj.get("e").asDouble());
    }

    @Test
    void tagsAreIgnoredNotInstantiated() {
        var obj = ManifestCodec.decodeOne(b("a: !!javax.script.ScriptEngineManager [x]\nb: !!binary aGVsbG8=\n"), null);
        assertEquals("[\"x\"]", obj.get("a").toString());
        assertEquals("aGVsbG8=", obj.get("b").asText());
    }
}
