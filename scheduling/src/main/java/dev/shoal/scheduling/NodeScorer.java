package dev.shoal.scheduling;

/** "How good is this node for this pod?" Only asked of nodes that passed every filter. */
public interface NodeScorer {
    /** @return 0 (worst) to 100 (best), so weights alone decide how scorers trade off */
    double score(PodRequest pod, NodeState node);

    /** The key under which the score appears in {@link Bid#scoreBreakdown()}. */
    String name();
}
