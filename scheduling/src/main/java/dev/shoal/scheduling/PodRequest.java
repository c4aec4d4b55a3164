package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one pod asks of a node: everything the filters and scorers look at, nothing else.
 *
 * @param podKey unique in the cluster, "namespace/name"
 * @param ownerKey "namespace/deployment" for spreading replicas; empty if the pod has no owner
 * @param milliCpu requested CPU in millicores, &ge; 0
 * @param memoryBytes requested memory in bytes, &ge; 0
 * @param hostPorts ports the pod binds on the node
 * @param nodeSelector labels the node must have with exactly these values
 * @param requiredNodeAffinity an OR of terms; empty means no constraint
 * @param tolerations which taints the pod accepts
 * @param image the main container's image, for image locality; may be empty
 */
public record PodRequest(
        String podKey,
        String ownerKey,
        long milliCpu,
        long memoryBytes,
        List<HostPort> hostPorts,
        Map<String, String> nodeSelector,
        List<NodeSelectorTerm> requiredNodeAffinity,
        List<Toleration> tolerations,
        String image) implements Serializable {

    public PodRequest {
        if (podKey == null || podKey.isEmpty()) {
            throw new IllegalArgumentException("podKey: must not be empty");
        }
        ownerKey = ownerKey == null ? "" : ownerKey;
        if (milliCpu < 0) {
            throw new IllegalArgumentException("milliCpu: must not be negative, got " + milliCpu);
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes: must not be negative, got " + memoryBytes);
        }
        hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        requiredNodeAffinity = requiredNodeAffinity == null ? List.of() : List.copyOf(requiredNodeAffinity);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        image = image == null ? "" : image;
    }

    /** A pod with only resources and an owner: the common case, and the one tests need most. */
    public static PodRequest of(String podKey, String ownerKey, long milliCpu, long memoryBytes) {
        return new PodRequest(podKey, ownerKey, milliCpu, memoryBytes, null, null, null, null, null);
    }

    public PodRequest withHostPorts(HostPort... ports) {
        return new PodRequest(podKey, ownerKey, milliCpu, memoryBytes, List.of(ports), nodeSelector,
                requiredNodeAffinity, tolerations, image);
    }

    public PodRequest withNodeSelector(Map<String, String> selector) {
        return new PodRequest(podKey, ownerKey, milliCpu, memoryBytes, hostPorts, selector,
                requiredNodeAffinity, tolerations, image);
    }

    public PodRequest withAffinity(NodeSelectorTerm... terms) {
        return new PodRequest(podKey, ownerKey, milliCpu, memoryBytes, hostPorts, nodeSelector,
                List.of(terms), tolerations, image);
    }

    public PodRequest withTolerations(Toleration... tols) {
        return new PodRequest(podKey, ownerKey, milliCpu, memoryBytes, hostPorts, nodeSelector,
                requiredNodeAffinity, List.of(tols), image);
    }

    public PodRequest withImage(String img) {
        return new PodRequest(podKey, ownerKey, milliCpu, memoryBytes, hostPorts, nodeSelector,
                requiredNodeAffinity, tolerations, img);
    }

    /**
     * This request with the pod key erased: two pods with equal shapes get equal bids from the same
     * node, which lets bidding and the auction compute once per shape instead of once per replica,
     * and lets a leader send each shape once in a call for bids.
     */
    public PodRequest shape() {
        return podKey.equals("~") ? this : new PodRequest("~", ownerKey, milliCpu, memoryBytes, hostPorts,
                nodeSelector, requiredNodeAffinity, tolerations, image);
    }
}
