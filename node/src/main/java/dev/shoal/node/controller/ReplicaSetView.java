package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;

import java.time.Instant;

/** The numbers of one ReplicaSet a Deployment rollout reasons about. */
public record ReplicaSetView(String name, int specReplicas, int replicas, int ready, int available,
                             long revision, Instant created, ObjectNode object) {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    /**
     * Set by the leader when this ReplicaSet's rollout completed (all desired replicas its own and
     * available, no old pods): it is a known good revision for {@link AutoRollback}. Lives on the
     * ReplicaSet, in the replicated state, so every later leader knows it too.
     */
    public static final String ROLLED_OUT = "shoal.dev/rolled-out-at";

    static ReplicaSetView of(ObjectNode rs) {
        String rev = Meta.annotations(rs).getOrDefault(REVISION, "0");
        long revision;
        try {
            revision = Long.parseLong(rev);
        } catch (NumberFormatException e) {
            revision = 0;
        }
        return new ReplicaSetView(Meta.name(rs),
                rs.path("spec").path("replicas").asInt(1),
                rs.path("status").path("replicas").asInt(0),
                rs.path("status").path("readyReplicas").asInt(0),
                rs.path("status").path("availableReplicas").asInt(0),
                revision, Pods.created(rs), rs);
    }

    /** Was once fully rolled out (see {@link #ROLLED_OUT}). */
    boolean rolledOut() {
        return object != null && Meta.annotations(object).containsKey(ROLLED_OUT);
    }

    ReplicaSetView withSpecReplicas(int n) {
        return new ReplicaSetView(name, n, replicas, ready, available, revision, created, object);
    }
}
