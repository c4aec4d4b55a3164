package dev.shoal.scheduling.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.internal.FailureDetection;
import dev.shoal.membership.internal.HazelcastConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Real Hazelcast members in this JVM on 127.0.0.1, with Shoal's own config (so {@code shoal.ledger}
 * gets the {@code shoal.*} backups), each on a free port, in a cluster with a random name so parallel
 * builds never merge. Members are named node-0.., like the agents they stand for.
 */
final class TestMembers implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    /** Polling interval while waiting for a condition; always bounded by a deadline. */
    private static final long POLL_MILLIS = 20;

    final List<HazelcastInstance> members = new ArrayList<>();

    static TestMembers start(int n) {
        TestMembers t = new TestMembers();
        String cluster = "bid-test-" + UUID.randomUUID();
        int firstPort = -1;
        for (int i = 0; i < n; i++) {
            int port = freePort();
            List<String> peers = i == 0 ? List.of() : List.of(HOST + ":" + firstPort);
            ClusterSettings s = new ClusterSettings("node-" + i, HOST, port, peers, cluster,
                    Path.of("/nonexistent"), Map.of()); // no data dir: nothing here snapshots
            t.members.add(Hazelcast.newHazelcastInstance(HazelcastConfigFactory.config(s, FailureDetection.DEFAULT)));
            if (i == 0) {
                firstPort = port;
            }
        }
        until(Duration.ofSeconds(60), () -> t.members.stream().allMatch(m -> m.getCluster().getMembers().size() == n),
                "all " + n + " members see each other");
        until(Duration.ofSeconds(60), () -> t.members.stream().allMatch(m -> m.getPartitionService().isClusterSafe()),
                "partitions migrated and backed up");
        return t;
    }

    HazelcastInstance get(int i) {
        return members.get(i);
    }

    static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (HazelcastInstance m : members) {
            m.getLifecycleService().terminate(); // tests need no graceful hand-over; terminate is fast
        }
        members.clear();
    }
}
