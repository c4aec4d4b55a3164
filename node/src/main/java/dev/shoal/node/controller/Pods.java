package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;

import java.time.Instant;
import java.util.Set;

/** Readings of a pod's state that controllers share. Pure. */
public final class Pods {
    private Pods() {}

    public static String phase(ObjectNode pod) {
        return pod.path("status").path("phase").asText("Pending");
    }

    public static String nodeName(ObjectNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    public static boolean isTerminal(ObjectNode pod) {
        String p = phase(pod);
        return p.equals("Succeeded") || p.equals("Failed");
    }

    /** Counts toward a ReplicaSet's replicas: not terminal, not being deleted, not on a lost node. */
    public static boolean isActive(ObjectNode pod, Set<String> liveNodes) {
        if (isTerminal(pod) || Meta.isDeleting(pod)) return false;
        String node = nodeName(pod);
        return node.isEmpty() || liveNodes.contains(node);
    }

    /** Bound to a node that is no longer in the cluster, and not yet marked so. */
    public static boolean isLost(ObjectNode pod, Set<String> liveNodes) {
        String node = nodeName(pod);
        return !node.isEmpty() && !liveNodes.contains(node) && !isTerminal(pod);
    }

    public static boolean isReady(ObjectNode pod) {
        return readySince(pod) != null;
    }

    /** When the pod became Ready, or null if it is not Ready. */
    public static Instant readySince(ObjectNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
                String t = c.path("lastTransitionTime").asText("");
                return t.isEmpty() ? Instant.EPOCH : Instant.parse(t);
            }
        }
        return null;
    }

    /** Ready for at least minReadySeconds: Kubernetes' "available". */
    public static boolean isAvailable(ObjectNode pod, int minReadySeconds, Instant now) {
        Instant since = readySince(pod);
        return since != null && !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    public static Instant created(ObjectNode pod) {
        String t = Meta.text(pod.get("metadata"), "creationTimestamp");
        return t.isEmpty() ? Instant.EPOCH : Instant.parse(t);
    }

    public static int restarts(ObjectNode pod) {
        int n = 0;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) n += cs.path("restartCount").asInt();
        return n;
    }
}
