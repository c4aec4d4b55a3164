package dev.shoal.membership.internal;

import dev.shoal.membership.ClusterSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Several members in this JVM on 127.0.0.1, each on a free port, in a cluster of their own
 * (a random cluster name, so parallel builds never merge with each other).
 */
final class TestCluster implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    final String name = "test-" + UUID.randomUUID();
    private final Path root;
    private final StoreOptions options;
    private final Clock clock;
    final List<HazelcastClusterMember> members = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    TestCluster(Path root, StoreOptions options, Clock clock) {
        this.root = root;
        this.options = options;
        this.clock = clock;
    }

    TestCluster(Path root) {
        this(root, StoreOptions.DEFAULTS, Clock.systemUTC());
    }

    /** Starts members node-0..node-(n-1); the first forms the cluster, the rest join it. */
    TestCluster start(int n) {
        for (int i = 0; i < n; i++) startNode("node-" + i);
        Await.until(Duration.ofSeconds(30), () -> members.stream().allMatch(m -> m.clusterSize() == members.size()),
                "all " + n + " members see each other");
        // Until migrations finish, a partition's only copy may still be on the member that
        // owned everything first; a test that kills a member must start from a safe cluster.
        Await.until(Duration.ofSeconds(60), () -> members.stream().allMatch(HazelcastClusterMember::isSafe),
                "all partitions have their backups in sync");
        return this;
    }

    /** The cluster port of the i-th member started. */
    int port(int i) {
        return ports.get(i);
    }

    HazelcastClusterMember startNode(String nodeName) {
        return startNode(nodeName, "");
    }

    /** A member holding {@code secret} ("" for none), joining the first member started. */
    HazelcastClusterMember startNode(String nodeName, String secret) {
        return startNode(nodeName, secret, HOST, dev.shoal.membership.JoinAllowList.ANY);
    }

    /** A member on the loopback address {@code host}, admitting joins only from {@code allowed}. */
    HazelcastClusterMember startNode(String nodeName, String secret, String host, dev.shoal.membership.JoinAllowList allowed) {
        int port = freePort();
        List<String> peers = ports.isEmpty() ? List.of() : List.of(HOST + ":" + ports.get(0));
        ClusterSettings settings = new ClusterSettings(nodeName, host, port, peers, name,
                root.resolve(nodeName), Map.of(), secret, allowed);
        HazelcastClusterMember m = HazelcastClusterMember.start(settings, FailureDetection.DEFAULT, options, clock);
        members.add(m);
        ports.add(port);
        return m;
    }

    HazelcastClusterMember get(int i) {
        return members.get(i);
    }

    /** Kills a member as SIGKILL would: no goodbye, its sockets just close. */
    void kill(HazelcastClusterMember m) {
        m.hazelcast().getLifecycleService().terminate();
    }

    @Override
    public void close() {
        for (HazelcastClusterMember m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        members.clear();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
