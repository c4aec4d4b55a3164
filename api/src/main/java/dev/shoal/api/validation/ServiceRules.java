package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Names;
import dev.shoal.api.selector.SelectorValidation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Service specs: type, cluster IP, ports. */
final class ServiceRules {
    static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    static final List<String> AFFINITIES = List.of("ClientIP", "None");
    static final int NODE_PORT_MIN = 30000;
    static final int NODE_PORT_MAX = 32767;

    private ServiceRules() {}

    static void validate(JsonNode spec, Errors errs) {
        if (spec == null || !spec.isObject()) {
            errs.add(FieldCause.required("spec"));
            return;
        }
        String type = errs.oneOf(spec, "type", "spec.type", TYPES);
        if (type.isEmpty()) type = "ClusterIP";
        String affinity = errs.oneOf(spec, "sessionAffinity", "spec.sessionAffinity", AFFINITIES);
        JsonNode timeout = spec.path("sessionAffinityConfig").path("clientIP").get("timeoutSeconds");
        if (timeout != null) {
            String field = "spec.sessionAffinityConfig.clientIP.timeoutSeconds";
            if (!affinity.equals("ClientIP")) {
                errs.add(FieldCause.forbidden(field, "must not be set when `sessionAffinity` is " + (affinity.isEmpty() ? "None" : affinity)));
            } else if (!timeout.canConvertToInt() || timeout.asInt() <= 0 || timeout.asInt() > 86400) {
                errs.add(FieldCause.invalid(field, timeout, "must be greater than 0 and less than 86400"));
            }
        }
        String clusterIP = errs.string(spec, "clusterIP", "spec.clusterIP");
        if (!clusterIP.isEmpty() && !clusterIP.equals("None") && !Names.isIPv4(clusterIP)) {
            errs.add(FieldCause.invalid("spec.clusterIP", clusterIP, "must be empty, 'None', or a valid IP address"));
        }
        if (type.equals("ExternalName")) {
            String external = errs.string(spec, "externalName", "spec.externalName");
            if (external.isEmpty()) errs.add(FieldCause.required("spec.externalName"));
            else errs.name("spec.externalName", external, Names.dns1123Subdomain(external));
        }
        JsonNode selector = Errors.get(spec, "selector");
        if (selector != null) SelectorValidation.labels(selector, "spec.selector", errs.list());
        List<JsonNode> ports = errs.array(spec, "ports", "spec.ports");
        // a headless or ExternalName service has nothing to forward, so it may omit ports
        boolean portsOptional = clusterIP.equals("None") || type.equals("ExternalName");
        JsonNode declared = Errors.get(spec, "ports");
        if (!portsOptional && (declared == null || declared.isArray() && declared.isEmpty())) {
            errs.add(FieldCause.required("spec.ports"));
        }
        boolean nodePortsAllowed = type.equals("NodePort") || type.equals("LoadBalancer");
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            port(ports.get(i), "spec.ports[" + i + "]", ports.size() > 1, type, nodePortsAllowed, names, keys, errs);
        }
    }

    private static void port(JsonNode p, String path, boolean nameRequired, String type, boolean nodePortsAllowed,
                             Set<String> names, Set<String> keys, Errors errs) {
        String name = errs.string(p, "name", path + ".name");
        if (name.isEmpty()) {
            if (nameRequired) errs.add(FieldCause.required(path + ".name"));
        } else {
            errs.name(path + ".name", name, Names.dns1123Label(name));
            if (!names.add(name)) errs.add(FieldCause.duplicate(path + ".name", name));
        }
        errs.port(p, "port", path + ".port", Errors.Presence.REQUIRED);
        String protocol = errs.oneOf(p, "protocol", path + ".protocol", ContainerRules.PROTOCOLS);
        if (Errors.get(p, "port") != null) {
            String key = p.get("port").asText() + "/" + (protocol.isEmpty() ? "TCP" : protocol);
            if (!keys.add(key)) errs.add(FieldCause.duplicate(path, key));
        }
        JsonNode target = Errors.get(p, "targetPort");
        if (target != null) errs.intOrPortName(target, path + ".targetPort");
        Long nodePort = errs.integer(p, "nodePort", path + ".nodePort");
        if (nodePort == null || nodePort == 0) return;
        if (!nodePortsAllowed) {
            errs.add(FieldCause.forbidden(path + ".nodePort", "may not be used when `type` is '" + type + "'"));
        } else if (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX) {
            errs.add(FieldCause.invalid(path + ".nodePort", nodePort, "provided port is not in the valid range. "
                    + "The range of valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX));
        }
    }
}
