/**
 * The Hazelcast-backed implementation of {@code dev.shoal.membership}; not for other modules.
 *
 * <p>Map of the package:
 * <ul>
 *   <li>{@code HazelcastConfigFactory}, {@code FailureDetection}: settings to Hazelcast config, a pure function.</li>
 *   <li>{@code HazelcastClusterMember}: start-up order (join, restore, snapshot), members, listeners.</li>
 *   <li>{@code HazelcastStateStore}: one IMap per kind plus {@code shoal.meta} (the resourceVersion counter).</li>
 *   <li>{@code ObjectWrites}: the rules of create/replace/delete as a pure function;
 *       {@code WriteProcessor} runs them on the key's owner and backups.</li>
 *   <li>{@code WatchCache}, {@code WatchSubscription}: per-kind history and per-watch queues.</li>
 *   <li>{@code Snapshot}, {@code SnapshotFile}, {@code SnapshotWriter}, {@code SnapshotRestorer}:
 *       the local copy of desired state for a whole-cluster restart.</li>
 * </ul>
 * Invariant: nothing here blocks a Hazelcast event thread; listeners only append and enqueue.
 */
package dev.shoal.membership.internal;
