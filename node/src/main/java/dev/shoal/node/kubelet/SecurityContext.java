package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's effective {@code securityContext}: the container's own fields, falling back to the
 * pod's for {@code runAsUser}, {@code runAsGroup} and {@code runAsNonRoot} (Kubernetes' precedence).
 * Applied by the Docker runtime; the process runtime runs every container as the agent's own user
 * and cannot apply it. Whether a requester may ask for {@code privileged} or extra capabilities is
 * the API's question (api.validation.PrivilegedFields), not the kubelet's.
 */
public record SecurityContext(Optional<Long> runAsUser, Optional<Long> runAsGroup, boolean runAsNonRoot,
                              boolean readOnlyRootFilesystem, boolean privileged, List<String> capabilitiesAdd,
                              List<String> capabilitiesDrop) {
    public static final SecurityContext NONE = new SecurityContext(Optional.empty(), Optional.empty(), false, false, false,
            List.of(), List.of());

    public SecurityContext {
        capabilitiesAdd = List.copyOf(capabilitiesAdd);
        capabilitiesDrop = List.copyOf(capabilitiesDrop);
    }

    static SecurityContext of(JsonNode pod, JsonNode container) {
        return new SecurityContext(
                number(container, "runAsUser").or(() -> number(pod, "runAsUser")),
                number(container, "runAsGroup").or(() -> number(pod, "runAsGroup")),
                container.has("runAsNonRoot") ? container.path("runAsNonRoot").asBoolean(false) : pod.path("runAsNonRoot").asBoolean(false),
                container.path("readOnlyRootFilesystem").asBoolean(false),
                container.path("privileged").asBoolean(false),
                capabilities(container.path("capabilities").path("add")),
                capabilities(container.path("capabilities").path("drop")));
    }

    private static Optional<Long> number(JsonNode sc, String field) {
        JsonNode n = sc.get(field);
        return n != null && n.canConvertToLong() ? Optional.of(n.asLong()) : Optional.empty();
    }

    /** Kubernetes names capabilities without Docker's "CAP_" prefix; both are accepted. */
    private static List<String> capabilities(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : list) out.add(c.asText("").toUpperCase().replaceFirst("^CAP_", ""));
        return out;
    }

    /**
     * Docker's {@code User} for this context ("" leaves the image's), given the image's own
     * configured user; refuses, in the kubelet's words, a container with runAsNonRoot that would
     * run as root or as a user it cannot verify.
     *
     * @throws IOException "container has runAsNonRoot and image will run as root", and the like
     */
    String dockerUser(String imageUser) throws IOException {
        String image = imageUser == null ? "" : imageUser.strip();
        String imageName = image.contains(":") ? image.substring(0, image.indexOf(':')) : image;
        String user;
        if (runAsUser.isPresent()) {
            user = Long.toString(runAsUser.get());
        } else if (runAsGroup.isPresent() && !imageName.isEmpty()) {
            user = imageName;
        } else if (runAsGroup.isPresent()) {
            user = "0";  // Docker's default user, named so a group can follow
        } else {
            user = "";
        }
        if (runAsNonRoot) {
            String effective = runAsUser.map(String::valueOf).orElse(imageName);
            if (effective.isEmpty() || effective.equals("0") || effective.equals("root")) {
                throw new IOException("container has runAsNonRoot and image will run as root");
            }
            if (!effective.chars().allMatch(Character::isDigit)) {
                throw new IOException("container has runAsNonRoot and image has non-numeric user (" + effective
                        + "), cannot verify user is non-root");
            }
        }
        if (runAsGroup.isPresent()) return user + ":" + runAsGroup.get();
        return user;
    }
}
