/**
 * Shoal's cluster layer: every agent is an embedded Hazelcast member, and this module is all
 * that knows it. Callers see three things: {@link dev.shoal.membership.ClusterMember} (who is in
 * the cluster, started and closed by the agent's bootstrap only), {@link dev.shoal.membership.StateStore}
 * (the replicated, versioned desired state with Kubernetes semantics: compare-and-set writes on
 * resourceVersion, watches that resume) and {@link dev.shoal.membership.ClusterSettings}.
 *
 * <p>Everything under {@code internal} is implementation: the Hazelcast configuration and its
 * failure-detection timing, the entry processors that make writes atomic on the key's owner,
 * the per-kind watch caches, and the local snapshots that survive a whole-cluster restart.
 * Other modules must not depend on it.
 */
package dev.shoal.membership;
