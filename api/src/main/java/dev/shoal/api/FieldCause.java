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

    /** "spec.replicas: Invalid value: must be greater than or equal to 0" */
    @Override
    public String toString() { return field + ": " + message; }
}
