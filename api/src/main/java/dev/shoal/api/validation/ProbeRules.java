package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.FieldCause;

import java.util.ArrayList;
import java.util.List;

/** Liveness, readiness and startup probes: one handler, sane timings. */
final class ProbeRules {
    static final List<String> HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc");
    static final List<String> SCHEMES = List.of("HTTP", "HTTPS");

    private ProbeRules() {}

    /** @param successMustBeOne liveness and startup probes: one success is all they can act on */
    static void validate(JsonNode probe, String path, boolean successMustBeOne, Errors errs) {
        if (!probe.isObject()) {
            errs.add(FieldCause.invalid(path, probe, "must be an object"));
            return;
        }
        List<String> present = new ArrayList<>();
        for (String h : HANDLERS) if (Errors.get(probe, h) != null) present.add(h);
        if (present.isEmpty()) {
            errs.add(FieldCause.required(path, "must specify a handler type"));
        } else if (present.size() > 1) {
            errs.add(FieldCause.forbidden(path + "." + present.get(1), "may not specify more than 1 handler type"));
        }
        JsonNode http = Errors.get(probe, "httpGet");
        if (http != null) {
            port(http, path + ".httpGet.port", errs);
            errs.oneOf(http, "scheme", path + ".httpGet.scheme", SCHEMES);
        }
        JsonNode tcp = Errors.get(probe, "tcpSocket");
        if (tcp != null) port(tcp, path + ".tcpSocket.port", errs);
        JsonNode exec = Errors.get(probe, "exec");
        if (exec != null && errs.array(exec, "command", path + ".exec.command").isEmpty()) {
            errs.add(FieldCause.required(path + ".exec.command"));
        }
        errs.atLeast(probe, "initialDelaySeconds", path + ".initialDelaySeconds", 0);
        errs.atLeast(probe, "timeoutSeconds", path + ".timeoutSeconds", 1);
        errs.atLeast(probe, "periodSeconds", path + ".periodSeconds", 1);
        errs.atLeast(probe, "failureThreshold", path + ".failureThreshold", 1);
        Long success = errs.atLeast(probe, "successThreshold", path + ".successThreshold", 1);
        if (successMustBeOne && success != null && success > 1) {
            errs.add(FieldCause.invalid(path + ".successThreshold", success, "must be 1"));
        }
    }

    private static void port(JsonNode handler, String path, Errors errs) {
        JsonNode p = Errors.get(handler, "port");
        if (p == null) errs.add(FieldCause.required(path));
        else errs.intOrPortName(p, path);
    }
}
