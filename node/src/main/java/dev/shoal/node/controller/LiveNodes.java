package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes are alive: every cluster member, and every simulated node whose hosting agent is a
 * member. A simulated node (kubemark-style hollow node, {@code agent --simulated-nodes}) has no
 * process of its own: it lives and dies with the agent that bids for it, named by its
 * {@value #HOSTED_BY} annotation. Pure; the controller and the node registrar both decide
 * liveness with it, so a pod is lost exactly when its Node is marked NotReady.
 */
public final class LiveNodes {
    /** Label on a simulated Node: {@code "true"}. */
    public static final String SIMULATED = "shoal.dev/simulated";
    /** Annotation on a simulated Node: the name of the agent that hosts it. */
    public static final String HOSTED_BY = "shoal.dev/hosted-by";

    private LiveNodes() {}

    /** Members, plus the simulated nodes (name to hosting agent) whose host is a member. */
    public static Set<String> of(Set<String> members, Map<String, String> hostBySimulatedNode) {
        Set<String> live = new HashSet<>(members);
        hostBySimulatedNode.forEach((node, host) -> {
            if (members.contains(host)) live.add(node);
        });
        return live;
    }

    public static boolean isSimulated(ObjectNode node) {
        return "true".equals(node.path("metadata").path("labels").path(SIMULATED).asText());
    }

    /** The hosting agent of a simulated Node object; null for a real node. */
    public static String hostOf(ObjectNode node) {
        if (!isSimulated(node)) return null;
        String host = node.path("metadata").path("annotations").path(HOSTED_BY).asText("");
        return host.isEmpty() ? null : host;
    }

    /** Simulated node name to hosting agent, for every simulated Node among {@code nodes}. */
    public static Map<String, String> hosts(Collection<ObjectNode> nodes) {
        Map<String, String> out = new HashMap<>();
        for (ObjectNode n : nodes) {
            String host = hostOf(n);
            if (host != null) out.put(Meta.name(n), host);
        }
        return out;
    }
}
