package dev.shoal.api;

/**
 * One thing wrong with a request, as Kubernetes reports it in {@code Status.details.causes}.
 *
 * @param reason  a Kubernetes cause type: "FieldValueInvalid", "FieldValueRequired",
 *                "FieldValueDuplicate", "FieldValueNotSupported", "FieldValueTooLong", ...
 * @param message human-readable, without the field name
 * @param field   JSON path of the offending field, e.g. {@code spec.template.spec.containers[0].image}
 */
public record FieldCause(String reason, String message, String field) {
    public static FieldCause invalid(String field, String message) { return new FieldCause("FieldValueInvalid", message, field); }
    public static FieldCause required(String field) { return new FieldCause("FieldValueRequired", "Required value", field); }
    public static FieldCause duplicate(String field, String value) { return new FieldCause("FieldValueDuplicate", "Duplicate value: \"" + value + "\"", field); }
    public static FieldCause notSupported(String field, String message) { return new FieldCause("FieldValueNotSupported", message, field); }

    /** {@code Invalid value: -1: must be greater than or equal to 0}; strings are quoted, numbers are not. */
    public static FieldCause invalid(String field, Object value, String detail) {
        return new FieldCause("FieldValueInvalid", "Invalid value: " + render(value) + ": " + detail, field);
    }

    /** {@code Required value: must be specified when ...}. */
    public static FieldCause required(String field, String detail) {
        return new FieldCause("FieldValueRequired", "Required value: " + detail, field);
    }

    public static FieldCause forbidden(String field, String detail) {
        return new FieldCause("FieldValueForbidden", "Forbidden: " + detail, field);
    }

    /** {@code Too long: must have at most 262144 bytes}. */
    public static FieldCause tooLong(String field, String detail) {
        return new FieldCause("FieldValueTooLong", "Too long: " + detail, field);
    }

    /** {@code Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"}. */
    public static FieldCause notSupported(String field, Object value, java.util.List<String> supported) {
        StringBuilder sb = new StringBuilder("Unsupported value: ").append(render(value)).append(": supported values: ");
        for (int i = 0; i < supported.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(render(supported.get(i)));
        }
        return new FieldCause("FieldValueNotSupported", sb.toString(), field);
    }

    /**
     * Longest value a message repeats: a 3 MiB map sent where a string belongs is named, not echoed
     * (Kubernetes likewise abbreviates long values in field errors).
     */
    static final int MAX_RENDERED = 256;

    /** A value as Kubernetes prints it in messages: Go's %q for strings, plain for everything else. */
    public static String render(Object value) {
        return abbreviate(renderFull(value));
    }

    private static String renderFull(Object value) {
        if (value instanceof com.fasterxml.jackson.databind.JsonNode n) {
            if (n.isTextual()) return quote(n.asText());
            // a big map or list is not printed whole only to be cut
            if (n.isContainerNode() && n.size() > MAX_RENDERED) return n.isArray() ? "[" + n.size() + " items]" : "{" + n.size() + " fields}";
            return n.isMissingNode() ? "null" : n.toString();
        }
        if (value instanceof String s) return quote(s);
        return String.valueOf(value);
    }

    private static String abbreviate(String s) {
        if (s.length() <= MAX_RENDERED) return s;
        return s.substring(0, MAX_RENDERED) + "... (" + (s.length() - MAX_RENDERED) + " more characters)";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** "spec.replicas: Invalid value: must be greater than or equal to 0" */
    @Override
    public String toString() { return field + ": " + message; }
}
