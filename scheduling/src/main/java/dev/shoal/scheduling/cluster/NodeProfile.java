package dev.shoal.scheduling.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Quantity;
import dev.shoal.scheduling.Ledger;
import dev.shoal.scheduling.NodeCapacityLimits;
import dev.shoal.scheduling.NodeState;
import dev.shoal.scheduling.Taint;
import dev.shoal.scheduling.TaintEffect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a node is, as opposed to what it has promised: allocatable resources, labels, taints,
 * cached images, readiness. Combined with the node's {@link Ledger} it gives the {@link NodeState}
 * the node bids from ({@link #stateWith}).
 */
public record NodeProfile(String name, boolean ready, long milliCpu, long memoryBytes, int pods,
                          Map<String, String> labels, List<Taint> taints, Set<String> images) {

    /** The taint Kubernetes puts on a cordoned ({@code spec.unschedulable}) node. */
    static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

    public NodeProfile {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("node.name: must not be empty");
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        images = images == null ? Set.of() : Set.copyOf(images);
    }

    /** A ready, unlabelled, untainted node: the common case in tests and simulations. */
    public static NodeProfile of(String name, long milliCpu, long memoryBytes, int pods) {
        return new NodeProfile(name, true, milliCpu, memoryBytes, pods, null, null, null);
    }

    /**
     * Reads a Kubernetes Node: {@code status.allocatable} (falling back to {@code status.capacity}
     * per resource, for a node that reports only capacity), {@code metadata.labels},
     * {@code spec.taints} (plus Kubernetes' unschedulable taint when cordoned), the Ready condition
     * ({@code True} only; Unknown and False are not ready) and the names of {@code status.images}.
     */
    public static NodeProfile fromNodeObject(ObjectNode node) {
        String name = node.path("metadata").path("name").asText("");
        JsonNode status = node.path("status");
        boolean ready = false;
        for (JsonNode c : status.path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                ready = "True".equals(c.path("status").asText());
            }
        }
        List<Taint> taints = new ArrayList<>();
        for (JsonNode t : node.path("spec").path("taints")) {
            taints.add(new Taint(t.path("key").asText(""), t.path("value").asText(""),
                    TaintEffect.valueOf(t.path("effect").asText())));
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            taints.add(new Taint(UNSCHEDULABLE_TAINT, "", TaintEffect.NoSchedule));
        }
        Set<String> images = new HashSet<>();
        for (JsonNode i : status.path("images")) {
            i.path("names").forEach(n -> images.add(n.asText()));
        }
        return new NodeProfile(name, ready,
                Quantity.milliValue(resource(status, "cpu")),
                Quantity.bytes(resource(status, "memory")),
                (int) Math.min(Integer.MAX_VALUE, Quantity.bytes(resource(status, "pods"))),
                PodRequests.strings(node.path("metadata").path("labels")), taints, images);
    }

    private static String resource(JsonNode status, String resource) {
        JsonNode q = status.path("allocatable").path(resource);
        if (q.isMissingNode() || q.isNull()) {
            q = status.path("capacity").path(resource);
        }
        return q.isMissingNode() || q.isNull() ? "0" : q.asText();
    }

    /** This node as it bids: its profile, less everything its ledger has promised. */
    public NodeState stateWith(Ledger ledger) {
        Ledger l = ledger == null ? Ledger.empty(name) : ledger;
        return new NodeState(name, ready, milliCpu, memoryBytes, pods, l.milliCpu(), l.memoryBytes(), l.pods(),
                l.ports(), labels, taints, images, l.podsPerOwner());
    }

    /** The most this node's ledger may promise. */
    public NodeCapacityLimits limits() {
        return new NodeCapacityLimits(milliCpu, memoryBytes, pods);
    }
}
