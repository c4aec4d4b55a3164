package dev.shoal.scheduling;

import java.util.List;

/** Every pod of the batch, either awarded or unplaced; each list in the batch's order. */
public record AuctionResult(List<Award> awards, List<Unplaced> unplaced) {
    public AuctionResult {
        awards = List.copyOf(awards);
        unplaced = List.copyOf(unplaced);
    }
}
