package dev.shoal.api.selector;

import java.util.List;
import java.util.Map;

/** One condition of a {@link LabelSelector}: {@code key op values}. */
public record Requirement(String key, Operator operator, List<String> values) {
    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public Requirement {
        values = List.copyOf(values);
    }

    /** Negative operators match objects that lack the label, as in Kubernetes. */
    public boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        return switch (operator) {
            case EQUALS, IN -> v != null && values.contains(v);
            case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
            case EXISTS -> labels.containsKey(key);
            case DOES_NOT_EXIST -> !labels.containsKey(key);
        };
    }

    /** Query-string syntax: {@code a=b}, {@code a!=b}, {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}. */
    @Override
    public String toString() {
        return switch (operator) {
            case EQUALS -> key + "=" + values.get(0);
            case NOT_EQUALS -> key + "!=" + values.get(0);
            case IN -> key + " in (" + String.join(",", values) + ")";
            case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
        };
    }
}
