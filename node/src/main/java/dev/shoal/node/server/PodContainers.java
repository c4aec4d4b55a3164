package dev.shoal.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;

import java.util.ArrayList;
import java.util.List;

/** Which container of a pod a {@code log} or {@code exec} request means, with Kubernetes' checks and messages. Pure. */
final class PodContainers {
    private PodContainers() {}

    /**
     * {@code requested} if the pod has it; the only container when none is requested.
     * @throws ApiException 400 naming {@code container}: no such container, or several and none chosen
     */
    static String choose(ObjectNode pod, String requested) {
        String name = pod.path("metadata").path("name").asText();
        List<String> names = new ArrayList<>();
        for (JsonNode c : pod.path("spec").path("containers")) names.add(c.path("name").asText());
        if (requested.isEmpty()) {
            if (names.size() != 1) {
                throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: "
                        + "[" + String.join(" ", names) + "]", FieldCause.required("container"));
            }
            return names.get(0);
        }
        if (!names.contains(requested)) {
            throw ApiException.badRequest("container " + requested + " is not valid for pod " + name,
                    FieldCause.invalid("container", "not a container of pod " + name));
        }
        return requested;
    }
}
