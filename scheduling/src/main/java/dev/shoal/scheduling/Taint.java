package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.Objects;

/**
 * A node's mark that repels pods which do not tolerate it.
 *
 * @param key non-empty
 * @param value may be empty
 * @param effect what happens to pods that do not tolerate it
 */
public record Taint(String key, String value, TaintEffect effect) implements Serializable {
    public Taint {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("taint.key: must not be empty");
        }
        value = value == null ? "" : value;
        Objects.requireNonNull(effect, "taint.effect");
    }

    /** Kubernetes' rendering in scheduling messages: {@code {key: value}}. */
    @Override
    public String toString() {
        return "{" + key + ": " + value + "}";
    }
}
