package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The settings of a pod (or of a Deployment's or ReplicaSet's pod template) that hand a workload
 * the machine rather than a container: what Kubernetes' "baseline" Pod Security Standard forbids.
 * The API refuses them unless the requester is cluster-admin. Pure.
 *
 * <ul>
 *   <li>{@code securityContext.privileged: true} on any container;</li>
 *   <li>{@code hostNetwork}, {@code hostPID}, {@code hostIPC: true};</li>
 *   <li>{@code hostPath} volumes;</li>
 *   <li>{@code securityContext.capabilities.add} beyond the baseline's list (Docker's defaults).</li>
 * </ul>
 */
public final class PrivilegedFields {
    /** Pod Security Standards, baseline: capabilities a container may add without being privileged. */
    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    private PrivilegedFields() {}

    /**
     * Each privileged setting as {@code field=value} ({@code spec.hostNetwork=true},
     * {@code spec.containers[0].securityContext.privileged=true}), in document order; empty when none.
     */
    public static List<String> find(ResourceType type, JsonNode obj) {
        List<String> out = new ArrayList<>();
        switch (type) {
            case POD -> podSpec(obj.path("spec"), "spec", out);
            case DEPLOYMENT, REPLICASET -> podSpec(obj.path("spec").path("template").path("spec"), "spec.template.spec", out);
            default -> { }
        }
        return out;
    }

    private static void podSpec(JsonNode spec, String at, List<String> out) {
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(host).asBoolean(false)) out.add(at + "." + host + "=true");
        }
        JsonNode volumes = spec.path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i).has("hostPath")) out.add(at + ".volumes[" + i + "].hostPath=" + volumes.get(i).path("hostPath").path("path").asText(""));
        }
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            JsonNode containers = spec.path(list);
            for (int i = 0; i < containers.size(); i++) {
                JsonNode sc = containers.get(i).path("securityContext");
                String c = at + "." + list + "[" + i + "].securityContext";
                if (sc.path("privileged").asBoolean(false)) out.add(c + ".privileged=true");
                JsonNode add = sc.path("capabilities").path("add");
                for (int j = 0; j < add.size(); j++) {
                    String cap = add.get(j).asText("");
                    if (!BASELINE_CAPABILITIES.contains(cap.toUpperCase().replaceFirst("^CAP_", ""))) {
                        out.add(c + ".capabilities.add[" + j + "]=" + cap);
                    }
                }
            }
        }
    }
}
