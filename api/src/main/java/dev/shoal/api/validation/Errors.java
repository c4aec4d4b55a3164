package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.FieldCause;

import java.util.ArrayList;
import java.util.List;

/** Collects {@link FieldCause}s, with the small typed readers every rule needs. */
final class Errors {
    private final List<FieldCause> causes = new ArrayList<>();

    void add(FieldCause cause) { causes.add(cause); }

    List<FieldCause> list() { return causes; }

    /** One cause per detail a {@code Names} rule returned. */
    void name(String path, String value, List<String> details) {
        for (String d : details) causes.add(FieldCause.invalid(path, value, d));
    }

    /** The field, or null when it is absent or JSON null. */
    static JsonNode get(JsonNode parent, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** An integer field: null when absent; a non-integer is reported and also gives null. */
    Long integer(JsonNode parent, String field, String path) {
        JsonNode v = get(parent, field);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            causes.add(FieldCause.invalid(path, v, "must be an integer"));
            return null;
        }
        return v.asLong();
    }

    /** An integer field that, when present, must be at least {@code min}. */
    Long atLeast(JsonNode parent, String field, String path, long min) {
        Long v = integer(parent, field, path);
        if (v != null && v < min) causes.add(FieldCause.invalid(path, v, "must be greater than or equal to " + min));
        return v;
    }

    /** A port number field (1..65535) that must be present when {@code required}. */
    void port(JsonNode parent, String field, String path, Presence presence) {
        Long v = integer(parent, field, path);
        if (v == null) {
            if (presence == Presence.REQUIRED && get(parent, field) == null) causes.add(FieldCause.required(path));
            return;
        }
        if (v < 1 || v > 65535) causes.add(FieldCause.invalid(path, v, "must be between 1 and 65535, inclusive"));
    }

    /** A string field: "" when absent; a non-string is reported. */
    String string(JsonNode parent, String field, String path) {
        JsonNode v = get(parent, field);
        if (v == null) return "";
        if (!v.isTextual()) {
            causes.add(FieldCause.invalid(path, v, "must be a string"));
            return "";
        }
        return v.asText();
    }

    /** An enumerated string field; absent is fine (the default applies). */
    String oneOf(JsonNode parent, String field, String path, List<String> supported) {
        JsonNode v = get(parent, field);
        if (v == null) return "";
        String s = string(parent, field, path);
        if (v.isTextual() && !supported.contains(s)) causes.add(FieldCause.notSupported(path, s, supported));
        return s;
    }

    /** A list field as a list (empty when absent); a non-list is reported. */
    List<JsonNode> array(JsonNode parent, String field, String path) {
        JsonNode v = get(parent, field);
        List<JsonNode> out = new ArrayList<>();
        if (v == null) return out;
        if (!v.isArray()) {
            causes.add(FieldCause.invalid(path, v, "must be a list"));
            return out;
        }
        v.forEach(out::add);
        return out;
    }

    /** Port numbers or IANA service names, as in {@code targetPort} and probe ports. */
    void intOrPortName(JsonNode v, String path) {
        if (v.isIntegralNumber()) {
            long p = v.asLong();
            if (p < 1 || p > 65535) causes.add(FieldCause.invalid(path, p, "must be between 1 and 65535, inclusive"));
        } else if (v.isTextual()) {
            name(path, v.asText(), dev.shoal.api.Names.portName(v.asText()));
        } else {
            causes.add(FieldCause.invalid(path, v, "must be an integer or a port name"));
        }
    }

    /** Whether a field must be present. */
    enum Presence { REQUIRED, OPTIONAL }
}
