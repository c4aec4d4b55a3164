package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.scheduling.Award;
import dev.shoal.scheduling.PodRequest;
import dev.shoal.scheduling.RunnerUp;
import dev.shoal.scheduling.Unplaced;
import dev.shoal.scheduling.cluster.BiddingService;
import dev.shoal.scheduling.cluster.PlacementResult;
import dev.shoal.scheduling.cluster.PodRequests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link PodPlacer} by distributed bidding: a thin adapter from stored pods to the scheduling module. */
public final class BiddingPlacer implements PodPlacer {
    private final BiddingService bidding;
    private final Timer placements;

    public BiddingPlacer(BiddingService bidding, MeterRegistry registry) {
        this.bidding = bidding;
        this.placements = Timer.builder("shoal.scheduler.placement")
                .description("one batch of pods placed by this node as a Deployment's leader: calls for bids, awards,"
                        + " reservations (every round)")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @Override
    public Outcome place(List<ObjectNode> pods, String ownerKey) {
        List<PodRequest> requests = new ArrayList<>();
        Map<String, String> nameByKey = new HashMap<>();
        Map<String, String> unplaced = new HashMap<>();
        for (ObjectNode pod : pods) {
            try {
                PodRequest r = PodRequests.from(pod, ownerKey);
                requests.add(r);
                nameByKey.put(r.podKey(), Meta.name(pod));
            } catch (IllegalArgumentException bad) {
                unplaced.put(Meta.name(pod), "cannot be scheduled: " + bad.getMessage());
            }
        }
        PlacementResult result;
        try {
            result = placements.record(() -> bidding.place(requests));
        } catch (RuntimeException e) {
            throw ApiException.unavailable("calling for bids failed: " + e.getMessage());
        }
        Map<String, Placement> placed = new HashMap<>();
        for (Award a : result.placed()) placed.put(nameByKey.get(a.podKey()), new Placement(a.node(), explain(a)));
        for (Unplaced u : result.unplaced()) unplaced.put(nameByKey.get(u.podKey()), u.summary());
        return new Outcome(placed, unplaced);
    }

    /** "won by node-2 (score 87.5); runners-up: node-1 80.1, node-3 79.0", for describe pod. */
    static String explain(Award a) {
        StringBuilder s = new StringBuilder("won by ").append(a.node())
                .append(String.format(Locale.ROOT, " (score %.1f)", a.score()));
        if (!a.runnersUp().isEmpty()) {
            s.append("; runners-up:");
            for (RunnerUp r : a.runnersUp()) s.append(String.format(Locale.ROOT, " %s %.1f", r.node(), r.score()));
        }
        return s.toString();
    }

    @Override
    public void release(String node, String podKey) {
        bidding.ledgers().release(node, podKey);
    }
}
