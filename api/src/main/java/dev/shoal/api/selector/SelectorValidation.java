package dev.shoal.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Names;

import java.util.ArrayList;
import java.util.List;

/** The rules for a spec's {@code selector} object, with Kubernetes' field paths and messages. */
public final class SelectorValidation {
    private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

    private SelectorValidation() {}

    /** Errors in {@code selector} (at {@code path}); empty when valid. Emptiness itself is the caller's rule. */
    public static List<FieldCause> validate(JsonNode selector, String path) {
        List<FieldCause> errs = new ArrayList<>();
        if (!selector.isObject()) {
            errs.add(FieldCause.invalid(path, selector, "must be an object"));
            return errs;
        }
        JsonNode ml = selector.path("matchLabels");
        if (!ml.isMissingNode() && !ml.isNull()) labels(ml, path + ".matchLabels", errs);
        JsonNode me = selector.path("matchExpressions");
        if (me.isMissingNode() || me.isNull()) return errs;
        if (!me.isArray()) {
            errs.add(FieldCause.invalid(path + ".matchExpressions", me, "must be a list"));
            return errs;
        }
        for (int i = 0; i < me.size(); i++) expression(me.get(i), path + ".matchExpressions[" + i + "]", errs);
        return errs;
    }

    /** A label map (metadata.labels, matchLabels, nodeSelector keys): qualified-name keys, label values. */
    /**
     * Most bytes (keys and values) in one label map. Kubernetes sets none, but every list with a
     * selector reads every label: a 3 MiB map would be read on each. 256 KiB, as Kubernetes'
     * limit on all of an object's annotations, is some 700 labels of the longest legal size.
     */
    public static final int MAX_LABELS_BYTES = 256 * 1024;

    public static void labels(JsonNode map, String path, List<FieldCause> errs) {
        if (!map.isObject()) {
            errs.add(FieldCause.invalid(path, map, "must be a map of strings"));
            return;
        }
        long total = 0;
        for (var it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            total += e.getKey().length() + (e.getValue().isTextual() ? e.getValue().asText().length() : 0);
        }
        if (total > MAX_LABELS_BYTES) {
            // named once, rather than a cause for each of thousands of labels
            errs.add(FieldCause.tooLong(path, "must have at most " + MAX_LABELS_BYTES + " bytes"));
            return;
        }
        map.fields().forEachRemaining(e -> {
            for (String d : Names.qualifiedName(e.getKey())) errs.add(FieldCause.invalid(path, e.getKey(), d));
            if (!e.getValue().isTextual()) {
                errs.add(FieldCause.invalid(path + "[" + e.getKey() + "]", e.getValue(), "must be a string"));
                return;
            }
            for (String d : Names.labelValue(e.getValue().asText())) errs.add(FieldCause.invalid(path, e.getValue(), d));
        });
    }

    private static void expression(JsonNode expr, String path, List<FieldCause> errs) {
        String key = expr.path("key").asText("");
        if (key.isEmpty()) {
            errs.add(FieldCause.required(path + ".key"));
        } else {
            for (String d : Names.qualifiedName(key)) errs.add(FieldCause.invalid(path + ".key", key, d));
        }
        String op = expr.path("operator").asText("");
        JsonNode values = expr.path("values");
        int count = values.isArray() ? values.size() : 0;
        if (!values.isMissingNode() && !values.isNull() && !values.isArray()) {
            errs.add(FieldCause.invalid(path + ".values", values, "must be a list of strings"));
        }
        switch (op) {
            case "" -> errs.add(FieldCause.required(path + ".operator"));
            case "In", "NotIn" -> {
                if (count == 0) errs.add(FieldCause.required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
            }
            case "Exists", "DoesNotExist" -> {
                if (count > 0) errs.add(FieldCause.forbidden(path + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
            }
            default -> errs.add(FieldCause.notSupported(path + ".operator", op, OPERATORS));
        }
        for (int i = 0; i < count; i++) {
            JsonNode v = values.get(i);
            for (String d : Names.labelValue(v.asText())) errs.add(FieldCause.invalid(path + ".values[" + i + "]", v, d));
        }
    }
}
