package dev.shoal.node.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Frees cluster IPs and node ports whose Service does not hold them: an agent that died between
 * claiming them and storing its Service leaves such claims behind (Kubernetes' allocator repair
 * loop does the same job). A claim younger than {@link #GRACE} is left alone, since its Service may
 * still be on its way. Every node runs it; two nodes freeing the same claim is harmless, as a
 * claim is only removed if it is still exactly what was read.
 */
public final class AllocationRepair implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AllocationRepair.class.getName());
    static final Duration GRACE = Duration.ofMinutes(1);
    static final Duration PERIOD = Duration.ofMinutes(1);

    private final ClusterAllocations allocations;
    private final StateStore store;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-allocation-repair");
        t.setDaemon(true);
        return t;
    });

    public AllocationRepair(ClusterAllocations allocations, StateStore store, Clock clock) {
        this.allocations = allocations;
        this.store = store;
        this.clock = clock;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::repairQuietly, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void repairQuietly() {
        try {
            repair();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "allocation repair failed; next pass in " + PERIOD.toSeconds() + " s", e);
        }
    }

    /** One pass; returns how many claims it freed. */
    int repair() {
        Instant cutoff = clock.instant().minus(GRACE);
        int freed = 0;
        for (Map.Entry<String, ClusterAllocations.Claim> e : allocations.claims().entrySet()) {
            ClusterAllocations.Claim claim = e.getValue();
            if (claim.claimedAt().isAfter(cutoff)) continue;
            if (heldBy(claim.owner(), e.getKey())) continue;
            allocations.drop(e.getKey(), claim);
            LOG.info("freed " + e.getKey() + ": claimed by " + claim.owner() + " at " + claim.claimedAt() + ", which does not hold it");
            freed++;
        }
        return freed;
    }

    /** Whether the Service named by {@code owner} ("services/NS/NAME") exists and holds {@code value}. */
    private boolean heldBy(String owner, String value) {
        String[] parts = owner.split("/");
        if (parts.length != 3 || !parts[0].equals("services")) return true;  // not ours to judge
        Optional<ObjectNode> svc = store.get(new ObjectKey(ResourceType.SERVICE, parts[1], parts[2]));
        if (svc.isEmpty()) return false;
        JsonNode spec = svc.get().path("spec");
        if (value.equals(ServiceAllocator.ipKey(spec.path("clusterIP").asText("")))) return true;
        for (JsonNode p : spec.path("ports")) {
            if (value.equals(ServiceAllocator.portKey(p.path("nodePort").asInt(0)))) return true;
        }
        return false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
