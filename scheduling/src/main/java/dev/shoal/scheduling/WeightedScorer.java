package dev.shoal.scheduling;

import java.util.Objects;

/** A scorer and how much it counts relative to the others in a {@link BidPipeline}. */
public record WeightedScorer(NodeScorer scorer, int weight) {
    public WeightedScorer {
        Objects.requireNonNull(scorer, "scorer");
        if (weight <= 0) {
            throw new IllegalArgumentException("weight: must be positive, got " + weight);
        }
    }
}
