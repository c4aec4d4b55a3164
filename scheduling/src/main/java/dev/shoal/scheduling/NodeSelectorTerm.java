package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * An AND of expressions. A pod's required node affinity is an OR of terms.
 *
 * @param matchExpressions all must hold; an empty term matches no node, as in Kubernetes
 */
public record NodeSelectorTerm(List<NodeSelectorRequirement> matchExpressions) implements Serializable {
    public NodeSelectorTerm {
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    public static NodeSelectorTerm of(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTerm(List.of(expressions));
    }

    public boolean matches(Map<String, String> labels) {
        if (matchExpressions.isEmpty()) {
            return false; // Kubernetes: "a null or empty node selector term matches no objects"
        }
        for (NodeSelectorRequirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
