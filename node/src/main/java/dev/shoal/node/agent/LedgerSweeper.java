package dev.shoal.node.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;
import dev.shoal.node.controller.Pods;
import dev.shoal.scheduling.cluster.LedgerStore;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this node's reservation ledger (and those of the simulated nodes it hosts) honest: it drops reservations of pods that no longer
 * exist, ended, or were bound to another node. Pods still pending keep theirs (a leader reserves
 * before it binds). Pod deletions trigger a sweep; a periodic one is the safety net.
 */
final class LedgerSweeper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LedgerSweeper.class.getName());
    static final Duration RESYNC = Duration.ofSeconds(10);

    private final StateStore store;
    private final LedgerStore ledgers;
    private final List<String> nodeNames;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-ledger-sweeper");
        t.setDaemon(true);
        return t;
    });
    private StateStore.Watch watch;

    /** @param nodeNames the nodes this agent bids for: its own first, then any simulated ones */
    LedgerSweeper(StateStore store, LedgerStore ledgers, List<String> nodeNames) {
        this.store = store;
        this.ledgers = ledgers;
        this.nodeNames = List.copyOf(nodeNames);
    }

    void start() {
        watch = store.watch(ResourceType.POD, "", 0, e -> {
            if (e.type() == WatchEvent.Type.DELETED || Pods.isTerminal(e.object())) sweepSoon();
        });
        executor.scheduleWithFixedDelay(this::sweep, RESYNC.toSeconds(), RESYNC.toSeconds(), TimeUnit.SECONDS);
    }

    /** Coalesces a burst of deletions (a scale-down) into one sweep. */
    private void sweepSoon() {
        if (scheduled.compareAndSet(false, true)) executor.schedule(this::sweep, 200, TimeUnit.MILLISECONDS);
    }

    void sweep() {
        scheduled.set(false);
        try {
            Set<String> pending = new HashSet<>();
            Map<String, Set<String>> boundByNode = new HashMap<>();
            for (ObjectNode p : store.list(ResourceType.POD, "", p -> true).items()) {
                if (Pods.isTerminal(p)) continue;
                String key = Meta.namespace(p) + "/" + Meta.name(p);
                String node = Pods.nodeName(p);
                if (node.isEmpty()) pending.add(key);
                else boundByNode.computeIfAbsent(node, n -> new HashSet<>()).add(key);
            }
            for (String node : nodeNames) {
                Set<String> keep = new HashSet<>(pending);
                keep.addAll(boundByNode.getOrDefault(node, Set.of()));
                ledgers.retainOnly(node, keep);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "ledger sweep failed; the next one retries", e);
        }
    }

    @Override
    public void close() {
        if (watch != null) watch.close();
        executor.shutdownNow();
    }
}
