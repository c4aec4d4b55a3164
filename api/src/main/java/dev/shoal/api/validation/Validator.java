package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.FieldCause;
import dev.shoal.api.ResourceType;

/**
 * Validates an object of a given kind: metadata for every kind, then the kind's own spec rules,
 * then the warnings for spec fields Shoal keeps but does not act on. {@code status} is never
 * validated: it is written by Shoal itself.
 */
public final class Validator {
    private Validator() {}

    public static ValidationResult validate(ResourceType type, ObjectNode obj) {
        Errors errs = new Errors();
        JsonNode meta = obj.get("metadata");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            errs.add(FieldCause.invalid("metadata", meta, "must be an object"));
        } else {
            MetadataRules.validate(type, meta, errs);
        }
        JsonNode spec = Errors.get(obj, "spec");
        switch (type) {
            case POD -> PodSpecRules.validate(spec, "spec", PodSpecRules.Context.POD, errs);
            case DEPLOYMENT, REPLICASET -> WorkloadRules.validate(type, spec, errs);
            case SERVICE -> ServiceRules.validate(spec, errs);
            case EVENT -> {
                JsonNode involved = Errors.get(obj, "involvedObject");
                if (involved == null || !involved.isObject() || involved.isEmpty()) errs.add(FieldCause.required("involvedObject"));
            }
            case NODE, NAMESPACE -> { /* metadata only */ }
            case ENDPOINTS, ENDPOINTSLICE -> { /* computed from Services and Pods; the API never accepts one */ }
        }
        return new ValidationResult(errs.list(), KnownFields.warnings(type, obj));
    }
}
