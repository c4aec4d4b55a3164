package dev.shoal.scheduling;

import java.io.Serializable;

/**
 * A pod's permission to run on nodes with a matching taint, with Kubernetes' matching rules
 * ({@code k8s.io/api/core/v1/toleration.go}, {@code ToleratesTaint}).
 *
 * @param key empty means "every key", which is only allowed with {@link Operator#Exists}
 * @param operator {@link Operator#Equal} compares values; {@link Operator#Exists} ignores them;
 *     null means Equal, as in Kubernetes
 * @param value compared with the taint's value under Equal; must be empty under Exists
 * @param effect null matches every effect
 */
public record Toleration(String key, Operator operator, String value, TaintEffect effect) implements Serializable {
    public enum Operator { Equal, Exists }

    public Toleration {
        key = key == null ? "" : key;
        operator = operator == null ? Operator.Equal : operator;
        value = value == null ? "" : value;
        if (key.isEmpty() && operator != Operator.Exists) {
            throw new IllegalArgumentException("toleration.operator: must be Exists when key is empty");
        }
        if (operator == Operator.Exists && !value.isEmpty()) {
            throw new IllegalArgumentException("toleration.value: must be empty when operator is Exists");
        }
    }

    /** Tolerates every taint: empty key, Exists, any effect. */
    public static Toleration everything() {
        return new Toleration("", Operator.Exists, "", null);
    }

    public boolean tolerates(Taint taint) {
        if (effect != null && effect != taint.effect()) {
            return false;
        }
        if (key.isEmpty()) {
            return true; // validated above: empty key only with Exists
        }
        if (!key.equals(taint.key())) {
            return false;
        }
        return operator == Operator.Exists || value.equals(taint.value());
    }
}
