package dev.shoal.node.services;

/**
 * Claims on cluster-wide unique values (a Service's cluster IP, its node ports): at most one
 * owner per value, whichever node asks. Implemented over a replicated map by {@link ClusterAllocations}.
 */
public interface Allocations {
    /** Claims {@code value} for {@code owner}; true if it is now the owner's (also if it already was). */
    boolean claim(String value, String owner);

    /** Gives the value back, if {@code owner} holds it. */
    void release(String value, String owner);

    /** The owner of {@code value}, or "" when free. */
    String owner(String value);
}
