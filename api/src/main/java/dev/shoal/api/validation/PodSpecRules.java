package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Names;
import dev.shoal.api.selector.SelectorValidation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** PodSpec rules, for Pods and for the pod templates of Deployments and ReplicaSets. */
final class PodSpecRules {
    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    /** A controller replaces pods that exit; a template that lets them stay dead would fight it. */
    static final List<String> TEMPLATE_RESTART_POLICIES = List.of("Always");

    /** Where the spec lives: a bare Pod, or a controller's template. */
    enum Context { POD, TEMPLATE }

    private PodSpecRules() {}

    static void validate(JsonNode spec, String path, Context context, Errors errs) {
        if (spec == null || !spec.isObject()) {
            errs.add(FieldCause.required(path));
            return;
        }
        List<JsonNode> containers = errs.array(spec, "containers", path + ".containers");
        JsonNode declared = Errors.get(spec, "containers");
        if (declared == null || declared.isArray() && declared.isEmpty()) {
            errs.add(FieldCause.required(path + ".containers"));
        }
        Set<String> names = new HashSet<>();
        Set<String> portKeys = new HashSet<>();
        List<JsonNode> inits = errs.array(spec, "initContainers", path + ".initContainers");
        for (int i = 0; i < inits.size(); i++) {
            ContainerRules.validate(inits.get(i), path + ".initContainers[" + i + "]", names, new HashSet<>(), errs);
        }
        for (int i = 0; i < containers.size(); i++) {
            ContainerRules.validate(containers.get(i), path + ".containers[" + i + "]", names, portKeys, errs);
        }
        errs.oneOf(spec, "restartPolicy", path + ".restartPolicy",
                context == Context.TEMPLATE ? TEMPLATE_RESTART_POLICIES : RESTART_POLICIES);
        errs.atLeast(spec, "terminationGracePeriodSeconds", path + ".terminationGracePeriodSeconds", 0);
        JsonNode nodeSelector = Errors.get(spec, "nodeSelector");
        if (nodeSelector != null) SelectorValidation.labels(nodeSelector, path + ".nodeSelector", errs.list());
        String nodeName = errs.string(spec, "nodeName", path + ".nodeName");
        if (!nodeName.isEmpty()) errs.name(path + ".nodeName", nodeName, Names.dns1123Subdomain(nodeName));
    }
}
