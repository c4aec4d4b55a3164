package dev.shoal.scheduling.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Quantity;
import dev.shoal.scheduling.HostPort;
import dev.shoal.scheduling.NodeSelectorRequirement;
import dev.shoal.scheduling.NodeSelectorTerm;
import dev.shoal.scheduling.PodRequest;
import dev.shoal.scheduling.TaintEffect;
import dev.shoal.scheduling.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes Pod (its JSON tree, as stored) to the {@link PodRequest} the scheduler bids on.
 * Pure: no I/O, no Hazelcast. Throws {@link IllegalArgumentException} naming the field when the
 * pod is malformed (a quantity that does not parse, a toleration Kubernetes would refuse).
 *
 * <p>Not modelled (yet): init containers and pod overhead (Kubernetes adds max(init) and the
 * RuntimeClass overhead to the sum of containers), and affinity {@code matchFields}: a term with
 * only matchFields is empty and so matches no node, which leaves the pod visibly Pending rather
 * than placed against its spec.
 */
public final class PodRequests {
    /** Kubernetes' namespace for objects that name none. */
    static final String DEFAULT_NAMESPACE = "default";

    private PodRequests() {}

    public static PodRequest from(ObjectNode pod, String ownerKey) {
        JsonNode meta = pod.path("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("metadata.name: must not be empty");
        }
        String namespace = meta.path("namespace").asText("");
        String podKey = (namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace) + "/" + name;

        JsonNode spec = pod.path("spec");
        long cpu = 0;
        long memory = 0;
        List<HostPort> ports = new ArrayList<>();
        for (JsonNode c : spec.path("containers")) {
            JsonNode resources = c.path("resources");
            cpu += request(resources, "cpu", true);
            memory += request(resources, "memory", false);
            for (JsonNode p : c.path("ports")) {
                int hostPort = p.path("hostPort").asInt(0);
                if (hostPort > 0) {
                    ports.add(new HostPort(p.path("protocol").asText(null), hostPort));
                }
            }
        }
        String image = spec.path("containers").path(0).path("image").asText("");
        return new PodRequest(podKey, ownerKey, cpu, memory, ports, strings(spec.path("nodeSelector")),
                affinity(spec), tolerations(spec.path("tolerations")), image);
    }

    /**
     * One container's request for one resource. A container that sets only a limit gets a request
     * equal to it, per resource, as the Kubernetes API server defaults it; neither means zero.
     */
    private static long request(JsonNode resources, String resource, boolean cpu) {
        JsonNode q = resources.path("requests").path(resource);
        if (q.isMissingNode() || q.isNull()) {
            q = resources.path("limits").path(resource);
        }
        if (q.isMissingNode() || q.isNull()) {
            return 0;
        }
        String text = q.asText();
        try {
            return cpu ? Quantity.milliValue(text) : Quantity.bytes(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resources." + resource + ": " + e.getMessage(), e);
        }
    }

    private static List<NodeSelectorTerm> affinity(JsonNode spec) {
        JsonNode terms = spec.path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
        List<NodeSelectorTerm> out = new ArrayList<>();
        for (JsonNode t : terms) {
            List<NodeSelectorRequirement> expressions = new ArrayList<>();
            for (JsonNode e : t.path("matchExpressions")) {
                List<String> values = new ArrayList<>();
                e.path("values").forEach(v -> values.add(v.asText()));
                expressions.add(new NodeSelectorRequirement(e.path("key").asText(""),
                        NodeSelectorRequirement.Operator.valueOf(e.path("operator").asText()), values));
            }
            out.add(new NodeSelectorTerm(expressions));
        }
        return out;
    }

    private static List<Toleration> tolerations(JsonNode list) {
        List<Toleration> out = new ArrayList<>();
        for (JsonNode t : list) {
            String op = t.path("operator").asText("");
            String effect = t.path("effect").asText("");
            out.add(new Toleration(t.path("key").asText(""),
                    op.isEmpty() ? null : Toleration.Operator.valueOf(op),
                    t.path("value").asText(""),
                    effect.isEmpty() ? null : TaintEffect.valueOf(effect))); // empty effect: all effects
        }
        return out;
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
