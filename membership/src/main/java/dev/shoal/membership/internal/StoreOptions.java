package dev.shoal.membership.internal;

import java.time.Duration;

/**
 * Tunables of the state store; {@link #DEFAULTS} in production, smaller values in tests.
 *
 * @param watchHistory    events kept per kind for resuming watches
 * @param tombstoneTtl    how long a delete is remembered
 * @param maxWatchBacklog events one watch may have queued before it is dropped
 */
public record StoreOptions(int watchHistory, Duration tombstoneTtl, int maxWatchBacklog) {

    public static final StoreOptions DEFAULTS = new StoreOptions(
            // Kubernetes' watch cache keeps ~100 per kind by default and more for busy kinds; 10,000
            // covers several minutes of a busy cluster (a reconnecting client resumes instead of
            // re-listing) at ~1-2 KiB per event: ~10-20 MiB per kind at worst, less in practice.
            10_000,
            // Long enough for a partition of a few minutes to heal and merge with the delete still
            // known (so the merge does not resurrect it), and for a watcher that lost its
            // connection to resume; short enough that deleted objects do not pile up.
            Duration.ofMinutes(10),
            // The full history (a resume from the oldest resourceVersion) plus as much again live.
            20_000);

    public StoreOptions {
        if (watchHistory < 1) throw new IllegalArgumentException("watchHistory must be >= 1");
        if (maxWatchBacklog < watchHistory) throw new IllegalArgumentException("maxWatchBacklog must hold a full replay of the history");
        if (tombstoneTtl.toMillis() < 1) throw new IllegalArgumentException("tombstoneTtl must be positive");
    }
}
