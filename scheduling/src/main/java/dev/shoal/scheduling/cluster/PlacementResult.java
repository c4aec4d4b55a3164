package dev.shoal.scheduling.cluster;

import dev.shoal.scheduling.Award;
import dev.shoal.scheduling.Unplaced;
import java.util.List;

/**
 * Every pod of a {@link BiddingService#place} call exactly once: placed (its reservation is on the
 * node's ledger) or unplaced (Pending, with the reason). Each list in the order of the input.
 */
public record PlacementResult(List<Award> placed, List<Unplaced> unplaced) {
    public PlacementResult {
        placed = List.copyOf(placed);
        unplaced = List.copyOf(unplaced);
    }
}
