package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One expression of a required node affinity term, with Kubernetes' semantics
 * ({@code k8s.io/component-helpers/scheduling/corev1/nodeaffinity}).
 *
 * @param key a label key
 * @param operator how to compare
 * @param values non-empty for In/NotIn, empty for Exists/DoesNotExist, exactly one integer for Gt/Lt
 */
public record NodeSelectorRequirement(String key, Operator operator, List<String> values) implements Serializable {
    public enum Operator { In, NotIn, Exists, DoesNotExist, Gt, Lt }

    public NodeSelectorRequirement {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("matchExpressions.key: must not be empty");
        }
        Objects.requireNonNull(operator, "matchExpressions.operator");
        values = values == null ? List.of() : List.copyOf(values);
        switch (operator) {
            case In, NotIn -> require(!values.isEmpty(), "must be non-empty for " + operator);
            case Exists, DoesNotExist -> require(values.isEmpty(), "must be empty for " + operator);
            case Gt, Lt -> {
                require(values.size() == 1, "must have exactly one value for " + operator);
                require(parseLong(values.get(0)) != null, "must be an integer for " + operator);
            }
        }
    }

    public static NodeSelectorRequirement of(String key, Operator operator, String... values) {
        return new NodeSelectorRequirement(key, operator, List.of(values));
    }

    public boolean matches(Map<String, String> labels) {
        String label = labels.get(key);
        return switch (operator) {
            case In -> label != null && values.contains(label);
            case NotIn -> label == null || !values.contains(label); // absent label is "not in"
            case Exists -> label != null;
            case DoesNotExist -> label == null;
            case Gt -> compare(label) > 0;
            case Lt -> compare(label) < 0;
        };
    }

    /** Sign of label - value; 0 (no match for Gt nor Lt) when the label is absent or not an integer. */
    private int compare(String label) {
        Long have = label == null ? null : parseLong(label);
        if (have == null) {
            return 0;
        }
        return Long.signum(have - parseLong(values.get(0)));
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("matchExpressions.values: " + message);
        }
    }
}
