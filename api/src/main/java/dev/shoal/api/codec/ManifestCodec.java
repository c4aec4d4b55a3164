package dev.shoal.api.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way manifests enter Shoal. Every failure is an {@link ApiException} with code 400 and a
 * message that says where the input went wrong ({@code yaml: line 7, column 3: ...}), so a user can
 * fix a manifest from the error alone.
 */
public final class ManifestCodec {
    private ManifestCodec() {}

    /** All objects in the body, in order; empty documents are skipped and {@code kind: List} is expanded. */
    public static List<ObjectNode> decodeAll(byte[] body, String contentType) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode doc : documents(body, contentType, Integer.MAX_VALUE)) expand(doc, out);
        return out;
    }

    /** Exactly one object (a {@code kind: List} is not expanded); anything else is a 400. */
    public static ObjectNode decodeOne(byte[] body, String contentType) {
        List<JsonNode> docs = documents(body, contentType, 2);
        if (docs.size() != 1) {
            throw badBody(docs.isEmpty() ? "no objects passed" : "expected exactly one object, got more than one");
        }
        return (ObjectNode) docs.get(0);
    }

    /**
     * A JSON patch (RFC 6902): one JSON array of operations, with the same strict UTF-8, limits and
     * duplicate-key check as a manifest; what an operation means is the patcher's to judge.
     */
    public static com.fasterxml.jackson.databind.node.ArrayNode decodeJsonPatch(byte[] body) {
        List<JsonNode> docs = JsonDocuments.read(Utf8.decode(body));
        if (docs.size() != 1 || !docs.get(0).isArray()) {
            throw ApiException.badRequest("a JSON patch must be an array of operations", FieldCause.invalid("body", "must be an array"));
        }
        TreeLimits.check(docs.get(0));
        return (com.fasterxml.jackson.databind.node.ArrayNode) docs.get(0);
    }

    public static byte[] toJson(JsonNode node) {
        try {
            return Json.JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static String toYaml(JsonNode node) {
        try {
            return Json.YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The kind a manifest declares, in kubectl's words when Shoal does not serve it. */
    public static ResourceType typeOf(JsonNode obj) {
        String apiVersion = textField(obj, "apiVersion");
        String kind = textField(obj, "kind");
        if (apiVersion.isEmpty()) {
            throw ApiException.badRequest("Object 'apiVersion' is missing", FieldCause.required("apiVersion"));
        }
        if (kind.isEmpty()) {
            throw ApiException.badRequest("Object 'Kind' is missing", FieldCause.required("kind"));
        }
        return ResourceType.byApiVersionAndKind(apiVersion, kind).orElseThrow(() -> {
            String msg = "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"";
            return ApiException.badRequest(msg, FieldCause.notSupported("kind", msg));
        });
    }

    /** @param wanted the most documents the caller needs; reading stops there */
    private static List<JsonNode> documents(byte[] body, String contentType, int wanted) {
        String text = Utf8.decode(body);
        List<JsonNode> docs = isJson(text, contentType) ? JsonDocuments.read(text) : YamlDocuments.read(text, wanted);
        for (int i = 0; i < docs.size(); i++) {
            if (!docs.get(i).isObject()) {
                throw badBody("document " + (i + 1) + " must be an object, not " + docs.get(i).getNodeType().name().toLowerCase());
            }
            TreeLimits.check(docs.get(i));
        }
        return docs;
    }

    private static boolean declaresJson(String contentType) {
        return contentType != null && contentType.trim().toLowerCase().startsWith("application/json");
    }

    private static void expand(JsonNode doc, List<ObjectNode> out) {
        if (!"List".equals(textField(doc, "kind")) || !"v1".equals(textField(doc, "apiVersion"))) {
            out.add((ObjectNode) doc);
            return;
        }
        JsonNode items = doc.get("items");
        if (items == null || items.isNull()) return;
        if (!items.isArray()) throw badBody("items of a List must be an array");
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isObject()) throw badBody("items[" + i + "] of a List must be an object");
            expand(items.get(i), out); // nesting is bounded by the parser's depth limit
        }
    }

    /**
     * JSON when the client says so, or when the body plainly starts like JSON: {@code [}, or
     * {@code {} followed by a quoted key or {@code }}. YAML flow style ({@code {kind: Pod}}) also
     * starts with a brace but has a bare key, so it still goes to the YAML parser.
     */
    static boolean isJson(String text, String contentType) {
        if (declaresJson(contentType)) return true;
        int i = skipSpace(text, 0);
        if (i == text.length()) return false;
        if (text.charAt(i) == '[') return true;
        if (text.charAt(i) != '{') return false;
        int j = skipSpace(text, i + 1);
        return j < text.length() && (text.charAt(j) == '"' || text.charAt(j) == '}');
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    static ApiException badBody(String message) {
        return ApiException.badRequest(message, FieldCause.invalid("body", message));
    }

    private static String textField(JsonNode obj, String field) {
        JsonNode v = obj == null ? null : obj.get(field);
        return v == null || !v.isTextual() ? "" : v.asText();
    }
}
