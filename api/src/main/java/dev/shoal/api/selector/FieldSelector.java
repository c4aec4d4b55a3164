package dev.shoal.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fieldSelector} query parameter: terms {@code path=value}, {@code path==value} or
 * {@code path!=value}, joined by commas (AND). A path is any dotted path into the object
 * ({@code metadata.name}, {@code spec.nodeName}, {@code involvedObject.uid}); a missing field
 * compares as the empty string, so {@code spec.nodeName=} selects unscheduled pods as in Kubernetes.
 * {@code \,}, {@code \=} and {@code \\} escape those characters in values.
 */
public final class FieldSelector {
    /** One term. */
    public record Term(String path, boolean equals, String value) {
        boolean matches(ObjectNode obj) {
            return valueAt(obj, path).equals(value) == equals;
        }

        @Override
        public String toString() {
            return path + (equals ? "=" : "!=") + escape(value);
        }
    }

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static FieldSelector parse(String text) {
        List<Term> terms = new ArrayList<>();
        if (text == null || text.isEmpty()) return new FieldSelector(terms);
        for (String raw : split(text, ',')) terms.add(term(raw));
        return new FieldSelector(terms);
    }

    public boolean matches(ObjectNode obj) {
        for (Term t : terms) if (!t.matches(obj)) return false;
        return true;
    }

    public boolean isEmpty() { return terms.isEmpty(); }

    public List<Term> terms() { return terms; }

    /** The scalar at a dotted path as text; "" when absent or not a scalar. */
    static String valueAt(JsonNode obj, String path) {
        JsonNode n = obj;
        for (String part : path.split("\\.", -1)) {
            n = n.path(part);
        }
        return n.isValueNode() && !n.isNull() ? n.asText() : "";
    }

    private static Term term(String raw) {
        int i = indexOfUnescaped(raw, '=');
        if (i < 0) throw error("invalid selector: '" + raw + "'; can't understand '" + raw + "'");
        boolean notEquals = i > 0 && raw.charAt(i - 1) == '!';
        String path = raw.substring(0, notEquals ? i - 1 : i).trim();
        int valueStart = !notEquals && i + 1 < raw.length() && raw.charAt(i + 1) == '=' ? i + 2 : i + 1;
        String value = unescape(raw.substring(valueStart));
        if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw error("invalid field path: '" + path + "' in '" + raw + "'");
        }
        return new Term(path, !notEquals, value);
    }

    private static List<String> split(String text, char sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') i++;
            else if (c == sep) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static int indexOfUnescaped(String s, char target) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == target) return i;
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 == s.length() || "\\,=".indexOf(s.charAt(i + 1)) < 0) {
                    throw error("invalid escape sequence in '" + s + "'");
                }
                c = s.charAt(++i);
            } else if (c == '=') {
                throw error("invalid selector: value '" + s + "' must escape '=' as '\\='");
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }

    private static ApiException error(String message) {
        return ApiException.badRequest(message, FieldCause.invalid("fieldSelector", message));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        terms.forEach(t -> parts.add(t.toString()));
        return String.join(",", parts);
    }
}
