package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Names;
import dev.shoal.api.ResourceType;
import dev.shoal.api.selector.SelectorValidation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** ObjectMeta rules shared by every kind (Kubernetes {@code ValidateObjectMeta}). */
final class MetadataRules {
    /** Kubernetes' TotalAnnotationSizeLimitB: big enough for kubectl's last-applied-configuration. */
    static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

    private MetadataRules() {}

    static void validate(ResourceType type, JsonNode meta, Errors errs) {
        String name = errs.string(meta, "name", "metadata.name");
        String generateName = errs.string(meta, "generateName", "metadata.generateName");
        // a name of the wrong type has been reported already; "Required" on top would mislead
        boolean nameGiven = !name.isEmpty() || Errors.get(meta, "name") != null && !meta.get("name").isTextual();
        if (!nameGiven && generateName.isEmpty()) {
            errs.add(FieldCause.required("metadata.name", "name or generateName is required"));
        }
        if (!name.isEmpty()) errs.name("metadata.name", name, nameRule(type, name));
        if (!generateName.isEmpty()) {
            // the prefix is checked as if the random suffix were already appended
            String masked = generateName.endsWith("-") ? generateName + "a" : generateName;
            errs.name("metadata.generateName", generateName, nameRule(type, masked));
        }
        String namespace = errs.string(meta, "namespace", "metadata.namespace");
        if (!namespace.isEmpty()) errs.name("metadata.namespace", namespace, Names.dns1123Label(namespace));
        JsonNode labels = Errors.get(meta, "labels");
        if (labels != null) SelectorValidation.labels(labels, "metadata.labels", errs.list());
        JsonNode annotations = Errors.get(meta, "annotations");
        if (annotations != null) annotations(annotations, errs);
    }

    /** Namespaces and Services become DNS labels (namespace names, service hostnames); others are subdomains. */
    static List<String> nameRule(ResourceType type, String name) {
        return type == ResourceType.NAMESPACE || type == ResourceType.SERVICE
                ? Names.dns1123Label(name) : Names.dns1123Subdomain(name);
    }

    private static void annotations(JsonNode annotations, Errors errs) {
        String path = "metadata.annotations";
        if (!annotations.isObject()) {
            errs.add(FieldCause.invalid(path, annotations, "must be a map of strings"));
            return;
        }
        long total = 0;
        var it = annotations.fields();
        while (it.hasNext()) {
            var e = it.next();
            // Kubernetes checks annotation keys case-insensitively
            errs.name(path, e.getKey(), Names.qualifiedName(e.getKey().toLowerCase(Locale.ROOT)));
            if (!e.getValue().isTextual()) {
                errs.add(FieldCause.invalid(path + "[" + e.getKey() + "]", e.getValue(), "must be a string"));
                continue;
            }
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_ANNOTATIONS_BYTES) {
            errs.add(FieldCause.tooLong(path, "must have at most " + MAX_ANNOTATIONS_BYTES + " bytes"));
        }
    }
}
