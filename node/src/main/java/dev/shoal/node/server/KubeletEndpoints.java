package dev.shoal.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;

/**
 * Where another node's API answers, for requests forwarded to the node that runs a pod
 * ({@code log}, {@code exec}): its Node's InternalIP and kubelet port.
 */
final class KubeletEndpoints {
    private KubeletEndpoints() {}

    /**
     * host:port of {@code node}'s API.
     * @param what what cannot be done without it, for the message: "the log of pod web-1 cannot be read"
     * @throws ApiException 503 if the node is gone or publishes no address
     */
    static String of(StateStore store, String node, String pod, String what) {
        ObjectNode n = store.get(new ObjectKey(ResourceType.NODE, "", node)).orElseThrow(() -> ApiException.unavailable(
                "pod " + pod + " runs on node " + node + ", which is not in the cluster; " + what));
        String address = "";
        for (JsonNode a : n.path("status").path("addresses")) {
            if (a.path("type").asText().equals("InternalIP")) address = a.path("address").asText("");
        }
        int port = n.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (address.isEmpty() || port <= 0) {
            throw ApiException.unavailable("node " + node + " publishes no InternalIP address and kubelet port; " + what);
        }
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
