package dev.shoal.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change to a stored object, as Kubernetes' watch reports it.
 *
 * @param type   ADDED, MODIFIED or DELETED
 * @param object the object after the change (for DELETED: its last state, with the delete's resourceVersion)
 * @param resourceVersion the cluster-wide resourceVersion of this change
 */
public record WatchEvent(Type type, ObjectNode object, long resourceVersion) {
    public enum Type { ADDED, MODIFIED, DELETED }
}
