package dev.shoal.membership.internal;

import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** History, resume, 410 and backpressure, with a hand-cranked executor. */
class WatchCacheTest {

    /** Runs tasks only when told to, so a test decides when consumers get to run. */
    private static final class ManualExecutor implements Executor {
        final List<Runnable> tasks = new ArrayList<>();
        @Override public void execute(Runnable r) { tasks.add(r); }
        void runAll() {
            while (!tasks.isEmpty()) tasks.remove(0).run();
        }
    }

    private static WatchEvent event(String ns, String name, long rv) {
        return new WatchEvent(WatchEvent.Type.MODIFIED, Objects.deployment(ns, name, 1), rv);
    }

    @Test
    void resumeReplaysOnlyNewerEventsThenLiveOnes() {
        WatchCache cache = new WatchCache(ResourceType.DEPLOYMENT, 10);
        cache.startAt(0);
        for (long rv = 1; rv <= 4; rv++) cache.append(event("default", "d" + rv, rv));
        ManualExecutor ex = new ManualExecutor();
        List<Long> seen = new ArrayList<>();

        cache.subscribe("", 2, e -> seen.add(e.resourceVersion()), e -> {}, ex, 100);
        cache.append(event("default", "d5", 5));
        ex.runAll();

        assertEquals(List.of(3L, 4L, 5L), seen);
    }

    @Test
    void fromZeroMeansFromNowAndNamespacesFilter() {
        WatchCache cache = new WatchCache(ResourceType.DEPLOYMENT, 10);
        cache.append(event("default", "old", 1));
        ManualExecutor ex = new ManualExecutor();
        List<Long> seen = new ArrayList<>();
        cache.subscribe("default", 0, e -> seen.add(e.resourceVersion()), e -> {}, ex, 100);
        cache.append(event("other", "x", 2));
        cache.append(event("default", "y", 3));
        ex.runAll();
        assertEquals(List.of(3L), seen);
    }

    @Test
    void aResourceVersionOlderThanTheHistoryIsGone() {
        WatchCache cache = new WatchCache(ResourceType.DEPLOYMENT, 3);
        cache.startAt(10);
        ApiException beforeStart = assertThrows(ApiException.class, () -> cache.subscribe("", 9, e -> {}, e -> {}, Runnable::run, 10));
        assertEquals("too old resource version: 9 (10)", beforeStart.getMessage());

        for (long rv = 11; rv <= 15; rv++) cache.append(event("default", "d" + rv, rv));
        // history now holds 13..15, so resuming after 12 is still complete, after 11 is not
        cache.subscribe("", 12, e -> {}, e -> {}, Runnable::run, 10).close();
        ApiException e = assertThrows(ApiException.class, () -> cache.subscribe("", 11, x -> {}, x -> {}, Runnable::run, 10));
        assertEquals(410, e.code());
        assertEquals("Expired", e.reason());
        assertEquals("too old resource version: 11 (12)", e.getMessage());
    }

    @Test
    void aConsumerThatFallsBehindIsDroppedWithoutStallingOthers() {
        WatchCache cache = new WatchCache(ResourceType.DEPLOYMENT, 100);
        ManualExecutor stuck = new ManualExecutor();   // never run: this consumer is "slow"
        ManualExecutor healthy = new ManualExecutor();
        AtomicReference<ApiException> error = new AtomicReference<>();
        List<Long> fast = new ArrayList<>();
        cache.subscribe("", 0, e -> {}, error::set, stuck, 5);
        cache.subscribe("", 0, e -> fast.add(e.resourceVersion()), e -> {}, healthy, 5);

        for (long rv = 1; rv <= 6; rv++) {
            cache.append(event("default", "d" + rv, rv));
            healthy.runAll();
        }
        stuck.runAll();

        assertEquals(6, fast.size());
        assertNotNull(error.get());
        assertEquals(410, error.get().code());
        assertEquals(1, cache.subscriberCount());
    }

    @Test
    void consumersGetTheirOwnCopyAndCloseStopsDelivery() {
        WatchCache cache = new WatchCache(ResourceType.DEPLOYMENT, 10);
        ManualExecutor ex = new ManualExecutor();
        List<WatchEvent> seen = new ArrayList<>();
        StateStore.Watch w = cache.subscribe("", 0, seen::add, e -> {}, ex, 10);
        WatchEvent original = event("default", "a", 1);
        cache.append(original);
        ex.runAll();
        seen.get(0).object().put("mutated", true);
        assertTrue(!original.object().has("mutated"));

        w.close();
        cache.append(event("default", "b", 2));
        ex.runAll();
        assertEquals(1, seen.size());
        assertEquals(0, cache.subscriberCount());
    }
}
