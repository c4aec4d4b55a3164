package dev.shoal.api.validation;

import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.ResourceType;

import java.util.List;

/**
 * What validation found: {@code errors} make the object unacceptable (HTTP 422); {@code warnings}
 * are returned to the client as {@code Warning} headers and do not stop the write.
 */
public record ValidationResult(List<FieldCause> errors, List<String> warnings) {
    public ValidationResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean isValid() { return errors.isEmpty(); }

    /** Throws the 422 Kubernetes would answer when there are errors; does nothing otherwise. */
    public void throwIfInvalid(ResourceType type, String name) {
        if (!errors.isEmpty()) throw ApiException.invalid(type, name, errors);
    }
}
