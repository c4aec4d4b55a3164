package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Names;
import dev.shoal.api.Quantity;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One container: name, image, ports, env, resources and probes. */
final class ContainerRules {
    static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

    private ContainerRules() {}

    /**
     * @param names    container names seen so far in the pod (unique across init and app containers)
     * @param portKeys "containerPort/protocol" seen so far in the pod
     */
    static void validate(JsonNode c, String path, Set<String> names, Set<String> portKeys, Errors errs) {
        if (!c.isObject()) {
            errs.add(FieldCause.invalid(path, c, "must be an object"));
            return;
        }
        String name = errs.string(c, "name", path + ".name");
        if (name.isEmpty()) {
            errs.add(FieldCause.required(path + ".name"));
        } else {
            errs.name(path + ".name", name, Names.dns1123Label(name));
            if (!names.add(name)) errs.add(FieldCause.duplicate(path + ".name", name));
        }
        if (errs.string(c, "image", path + ".image").isBlank()) errs.add(FieldCause.required(path + ".image"));
        errs.oneOf(c, "imagePullPolicy", path + ".imagePullPolicy", PULL_POLICIES);
        ports(c, path, portKeys, errs);
        List<JsonNode> env = errs.array(c, "env", path + ".env");
        for (int i = 0; i < env.size(); i++) {
            if (errs.string(env.get(i), "name", path + ".env[" + i + "].name").isEmpty()) {
                errs.add(FieldCause.required(path + ".env[" + i + "].name"));
            }
        }
        resources(Errors.get(c, "resources"), path + ".resources", errs);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode p = Errors.get(c, probe);
            if (p != null) ProbeRules.validate(p, path + "." + probe, !probe.equals("readinessProbe"), errs);
        }
    }

    private static void ports(JsonNode c, String path, Set<String> portKeys, Errors errs) {
        List<JsonNode> ports = errs.array(c, "ports", path + ".ports");
        Set<String> portNames = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            String pp = path + ".ports[" + i + "]";
            errs.port(p, "containerPort", pp + ".containerPort", Errors.Presence.REQUIRED);
            Long hostPort = errs.integer(p, "hostPort", pp + ".hostPort");
            if (hostPort != null && (hostPort < 0 || hostPort > 65535)) {
                errs.add(FieldCause.invalid(pp + ".hostPort", hostPort, "must be between 0 and 65535, inclusive"));
            }
            String protocol = errs.oneOf(p, "protocol", pp + ".protocol", PROTOCOLS);
            String key = p.path("containerPort").asText() + "/" + (protocol.isEmpty() ? "TCP" : protocol);
            if (Errors.get(p, "containerPort") != null && !portKeys.add(key)) {
                errs.add(FieldCause.duplicate(pp + ".containerPort", key));
            }
            String name = errs.string(p, "name", pp + ".name");
            if (!name.isEmpty()) {
                errs.name(pp + ".name", name, Names.portName(name));
                if (!portNames.add(name)) errs.add(FieldCause.duplicate(pp + ".name", name));
            }
        }
    }

    private static void resources(JsonNode r, String path, Errors errs) {
        if (r == null) return;
        JsonNode requests = Errors.get(r, "requests");
        JsonNode limits = Errors.get(r, "limits");
        quantities(requests, path + ".requests", errs);
        quantities(limits, path + ".limits", errs);
        if (requests == null || limits == null || !requests.isObject() || !limits.isObject()) return;
        requests.fields().forEachRemaining(e -> {
            JsonNode limit = limits.get(e.getKey());
            BigDecimal req = parse(e.getValue());
            BigDecimal lim = limit == null ? null : parse(limit);
            if (req != null && lim != null && req.compareTo(lim) > 0) {
                errs.add(FieldCause.invalid(path + ".requests[" + e.getKey() + "]", e.getValue(),
                        "must be less than or equal to " + e.getKey() + " limit of " + limit.asText()));
            }
        });
    }

    private static void quantities(JsonNode map, String path, Errors errs) {
        if (map == null) return;
        if (!map.isObject()) {
            errs.add(FieldCause.invalid(path, map, "must be a map of resource quantities"));
            return;
        }
        map.fields().forEachRemaining(e -> {
            String p = path + "[" + e.getKey() + "]";
            JsonNode v = e.getValue();
            if (!v.isTextual() && !v.isNumber()) {
                errs.add(FieldCause.invalid(p, v, "must be a quantity"));
                return;
            }
            try {
                if (Quantity.parse(v.asText()).signum() < 0) {
                    errs.add(FieldCause.invalid(p, v, "must be greater than or equal to 0"));
                }
            } catch (IllegalArgumentException ex) {
                errs.add(FieldCause.invalid(p, v, ex.getMessage()));
            }
        });
    }

    private static BigDecimal parse(JsonNode v) {
        try {
            return Quantity.parse(v.asText());
        } catch (IllegalArgumentException e) {
            return null; // already reported
        }
    }
}
