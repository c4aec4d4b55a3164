package dev.shoal.membership;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether this member's share of the replicated state is in sync: every partition it owns has
 * its backups, and no migration is in flight. Until then, after a member joined or left, the loss
 * of one more member can lose data, so it is what an operator waits for before stopping the next
 * node in a rolling upgrade (and what a benchmark waits for before its next fault).
 *
 * <p>Hazelcast's check may wait on other members (it verifies replica versions), so it never runs
 * on a caller's thread: membership and migration events start a re-check here, a re-check that
 * finds the member not yet safe repeats every {@link #WHILE_UNSAFE} until it is, and a slow
 * periodic check is the safety net. {@link #inSync()} only reads the last answer.
 */
public final class ReplicaSafety implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplicaSafety.class.getName());
    static final Duration WHILE_UNSAFE = Duration.ofSeconds(1);
    static final Duration RESYNC = Duration.ofSeconds(30);
    /** Any of the state maps: they share one configuration (membership's {@code shoal.*}). */
    private static final String STATE_MAP = "shoal.meta";

    private final com.hazelcast.core.HazelcastInstance hazelcast;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-replica-safety");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean inSync;
    private final AtomicLong partitionsLost = new AtomicLong();
    private boolean recheckPending;  // guarded by this
    private UUID membershipRegistration;
    private UUID migrationRegistration;
    private UUID partitionLostRegistration;

    public ReplicaSafety(ClusterMember member) {
        this.hazelcast = member.hazelcast();
    }

    public ReplicaSafety start() {
        membershipRegistration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override public void memberAdded(MembershipEvent e) { recheckSoon(); }
            @Override public void memberRemoved(MembershipEvent e) { recheckSoon(); }
        });
        migrationRegistration = hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override public void migrationStarted(MigrationState state) { recheckSoon(); }
            @Override public void migrationFinished(MigrationState state) { recheckSoon(); }
            @Override public void replicaMigrationCompleted(ReplicaMigrationEvent event) { }
            @Override public void replicaMigrationFailed(ReplicaMigrationEvent event) { recheckSoon(); }
        });
        int backups = hazelcast.getConfig().findMapConfig(STATE_MAP).getTotalBackupCount();
        partitionLostRegistration = hazelcast.getPartitionService().addPartitionLostListener(event -> {
            // Hazelcast reports every lost replica index 0..n; a lost owner whose backup took
            // over (n < backups) is the normal failover. Only the owner and every backup gone
            // means the partition's data is gone: counted, so that it is never silent.
            if (event.getLostBackupCount() < backups) return;
            partitionsLost.incrementAndGet();
            LOG.warning("partition " + event.getPartitionId() + " lost its owner and all " + backups
                    + " backups on this side of the cluster (reported by " + event.getEventSource() + ")");
            recheckSoon();
        });
        recheckSoon();
        executor.scheduleWithFixedDelay(this::recheckSoon, RESYNC.toSeconds(), RESYNC.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** The last answer: true once this member's partitions had all their backups in sync. */
    public boolean inSync() {
        return inSync;
    }

    /**
     * Partitions whose owner and every backup this member's side of the cluster lost at once,
     * since start. On the minority side of a split that is expected (tests-chaos' 2|3 partition
     * of five counts some: their three replicas sat in the majority) and the heal brings them
     * back; on a side that keeps accepting writes it is data loss: more simultaneous failures
     * than there are backups, or a failure while the partition table was being repaired.
     */
    public long partitionsLost() {
        return partitionsLost.get();
    }

    private synchronized void recheckSoon() {
        if (recheckPending) return;  // a burst of migration events needs one check, not hundreds
        try {
            executor.execute(this::recheck);
            recheckPending = true;
        } catch (RejectedExecutionException closed) {
            // an event after close()
        }
    }

    private void recheck() {
        synchronized (this) {
            recheckPending = false;
        }
        boolean safe;
        try {
            safe = hazelcast.getLifecycleService().isRunning() && hazelcast.getPartitionService().isLocalMemberSafe();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "replica safety check failed; counting this member as not safe", e);
            safe = false;
        }
        inSync = safe;
        if (safe) return;
        try {
            executor.schedule(this::recheckSoon, WHILE_UNSAFE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closed meanwhile
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (membershipRegistration != null) hazelcast.getCluster().removeMembershipListener(membershipRegistration);
            if (migrationRegistration != null) hazelcast.getPartitionService().removeMigrationListener(migrationRegistration);
            if (partitionLostRegistration != null) {
                hazelcast.getPartitionService().removePartitionLostListener(partitionLostRegistration);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "listeners of a stopped member", e);
        }
    }
}
