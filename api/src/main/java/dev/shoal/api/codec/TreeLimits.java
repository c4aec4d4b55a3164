package dev.shoal.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Json;

import java.util.Iterator;
import java.util.Map;

/**
 * What a parsed document may not contain, whichever parser read it, each refused as a 400 naming
 * the field: numbers that do not fit (Jackson reads {@code 1e400} as Infinity, which would be
 * stored and re-encoded as the string "Infinity"; an integer beyond 64 bits fits no field Shoal
 * or Kubernetes has), NUL characters (no container name, env value or argument can carry one to
 * the kernel), unpaired surrogates (escapes that are not text, and would be stored as an object no
 * JSON reader can read back), and strings and keys over the limits (the YAML parser does not apply
 * {@code StreamReadConstraints.maxStringLength}, the JSON one does; checked for both here).
 * The walk's depth is bounded by the parsers' nesting limit.
 */
final class TreeLimits {
    private TreeLimits() {}

    static void check(JsonNode doc) {
        check(doc, "");
    }

    private static void check(JsonNode node, String path) {
        if (node.isNumber()) {
            number(node, path);
        } else if (node.isTextual()) {
            string(node.asText(), path, "string");
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) check(node.get(i), path + "[" + i + "]");
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getKey().length() > Json.MAX_NAME_LENGTH) {
                    throw refuse(path.isEmpty() ? "body" : path, "a key is longer than " + Json.MAX_NAME_LENGTH + " characters");
                }
                string(e.getKey(), child, "key");
                check(e.getValue(), child);
            }
        }
    }

    private static void number(JsonNode n, String path) {
        if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
            throw refuse(path, "number is out of range (larger than a 64-bit float can hold)");
        }
        if (n.isBigInteger() && !n.canConvertToLong()) {
            throw refuse(path, "integer " + n.bigIntegerValue() + " is out of range (it must fit in 64 bits)");
        }
        if (n.isBigDecimal() && !Double.isFinite(n.doubleValue())) {
            throw refuse(path, "number is out of range (larger than a 64-bit float can hold)");
        }
    }

    private static void string(String s, String path, String what) {
        if (s.length() > Json.MAX_STRING_LENGTH) {
            throw refuse(path, what + " longer than " + Json.MAX_STRING_LENGTH + " characters");
        }
        if (s.indexOf('\0') >= 0) throw refuse(path, what + " contains a NUL character (\\u0000)");
        int lone = loneSurrogate(s);
        if (lone >= 0) {
            throw refuse(path, what + " contains an unpaired surrogate (\\u" + Integer.toHexString(s.charAt(lone))
                    + ") at character " + lone + ": not Unicode text, and not encodable as UTF-8");
        }
    }

    /**
     * Where an escape ({@code "\ud800"} in JSON or YAML) produced half a UTF-16 pair; -1 if none.
     * Such a string cannot be written as UTF-8: stored, it would make the object unreadable.
     */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return i;
        }
        return -1;
    }

    private static ApiException refuse(String path, String problem) {
        String field = path.isEmpty() ? "body" : path;
        return ApiException.badRequest(field + ": " + problem, FieldCause.invalid(field, problem));
    }
}
