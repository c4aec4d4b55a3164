package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.api.selector.LabelSelector;
import dev.shoal.api.selector.SelectorValidation;

import java.util.List;
import java.util.regex.Pattern;

/** Deployment and ReplicaSet specs: replicas, selector, template, and the Deployment's rollout strategy. */
final class WorkloadRules {
    static final List<String> STRATEGIES = List.of("Recreate", "RollingUpdate");
    private static final Pattern PERCENT = Pattern.compile("[0-9]+%");

    private WorkloadRules() {}

    static void validate(ResourceType type, JsonNode spec, Errors errs) {
        if (spec == null || !spec.isObject()) {
            errs.add(FieldCause.required("spec"));
            return;
        }
        errs.atLeast(spec, "replicas", "spec.replicas", 0);
        Long minReady = errs.atLeast(spec, "minReadySeconds", "spec.minReadySeconds", 0);
        LabelSelector selector = selector(type, Errors.get(spec, "selector"), errs);
        JsonNode template = Errors.get(spec, "template");
        if (template == null) {
            errs.add(FieldCause.required("spec.template"));
        } else {
            JsonNode labels = template.path("metadata").path("labels");
            if (!labels.isMissingNode() && !labels.isNull()) {
                SelectorValidation.labels(labels, "spec.template.metadata.labels", errs.list());
            }
            if (selector != null && !selector.matches(Meta.stringMap(template.path("metadata"), "labels"))) {
                errs.add(FieldCause.invalid("spec.template.metadata.labels", labels.isMissingNode() ? null : labels,
                        "selector does not match template labels"));
            }
            PodSpecRules.validate(Errors.get(template, "spec"), "spec.template.spec", PodSpecRules.Context.TEMPLATE, errs);
        }
        if (type == ResourceType.DEPLOYMENT) {
            errs.atLeast(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", 0);
            Long deadline = errs.atLeast(spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds", 0);
            if (deadline != null && deadline <= (minReady == null ? 0 : minReady)) {
                errs.add(FieldCause.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
            }
            JsonNode strategy = Errors.get(spec, "strategy");
            if (strategy != null) strategy(strategy, errs);
        }
    }

    /** The parsed selector when it is valid and non-empty, else null (errors already reported). */
    private static LabelSelector selector(ResourceType type, JsonNode sel, Errors errs) {
        if (sel == null) {
            errs.add(FieldCause.required("spec.selector"));
            return null;
        }
        List<FieldCause> found = SelectorValidation.validate(sel, "spec.selector");
        found.forEach(errs::add);
        if (!found.isEmpty()) return null;
        LabelSelector parsed = LabelSelector.fromJson(sel);
        if (parsed.isEmpty()) {
            // an empty selector would adopt every pod in the namespace
            errs.add(FieldCause.invalid("spec.selector", sel,
                    "empty selector is invalid for " + type.kind().toLowerCase()));
            return null;
        }
        return parsed;
    }

    private static void strategy(JsonNode strategy, Errors errs) {
        String type = errs.oneOf(strategy, "type", "spec.strategy.type", STRATEGIES);
        JsonNode rolling = Errors.get(strategy, "rollingUpdate");
        if (type.equals("Recreate") && rolling != null) {
            errs.add(FieldCause.forbidden("spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'"));
            return;
        }
        if (rolling == null) return;
        Long surge = intOrPercent(rolling, "maxSurge", "spec.strategy.rollingUpdate.maxSurge", errs);
        Long unavailable = intOrPercent(rolling, "maxUnavailable", "spec.strategy.rollingUpdate.maxUnavailable", errs);
        if (unavailable != null && unavailable > 100 && rolling.path("maxUnavailable").isTextual()) {
            errs.add(FieldCause.invalid("spec.strategy.rollingUpdate.maxUnavailable", rolling.get("maxUnavailable"),
                    "must not be greater than 100%"));
        }
        // both zero: the rollout could neither add a pod nor remove one, and would never progress
        if (surge != null && unavailable != null && surge == 0 && unavailable == 0) {
            errs.add(FieldCause.invalid("spec.strategy.rollingUpdate.maxUnavailable", rolling.get("maxUnavailable"),
                    "may not be 0 when `maxSurge` is 0"));
        }
    }

    /** An int-or-percent field: the number (of pods or percent), or null when absent or invalid. */
    private static Long intOrPercent(JsonNode parent, String field, String path, Errors errs) {
        JsonNode v = Errors.get(parent, field);
        if (v == null) return null;
        if (v.isTextual()) {
            if (!PERCENT.matcher(v.asText()).matches()) {
                errs.add(FieldCause.invalid(path, v, "a valid percent string must be a numeric string followed by "
                        + "an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
                return null;
            }
            String digits = v.asText().substring(0, v.asText().length() - 1);
            return digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        }
        return errs.atLeast(parent, field, path, 0);
    }
}
