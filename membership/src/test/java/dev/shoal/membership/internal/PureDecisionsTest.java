package dev.shoal.membership.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.TcpIpConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.internal.SnapshotRestorer.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration, timing and restore rules, without starting anything. */
class PureDecisionsTest {

    @TempDir Path dir;

    private ClusterSettings settings() {
        return new ClusterSettings("n1", "127.0.0.3", 5710, List.of("127.0.0.2", "127.0.0.4:5711"), "prod", dir, Map.of());
    }

    @Test
    void configBindsOnlyToTheGivenAddressAndJoinsByTcp() {
        Config c = HazelcastConfigFactory.config(settings(), FailureDetection.DEFAULT);
        assertEquals("prod", c.getClusterName());
        assertTrue(c.getAdvancedNetworkConfig().isEnabled(), "a member endpoint only: no Hazelcast clients on the cluster port");
        var member = (com.hazelcast.config.ServerSocketEndpointConfig) c.getAdvancedNetworkConfig().getEndpointConfigs()
                .get(com.hazelcast.instance.EndpointQualifier.MEMBER);
        assertEquals(1, c.getAdvancedNetworkConfig().getEndpointConfigs().size(), "no client, REST or memcache endpoint");
        assertEquals(5710, member.getPort());
        assertFalse(member.isPortAutoIncrement());
        assertEquals(List.of("127.0.0.3"), List.copyOf(member.getInterfaces().getInterfaces()));
        assertEquals("127.0.0.3", c.getProperty("hazelcast.local.localAddress"));
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        TcpIpConfig tcp = c.getAdvancedNetworkConfig().getJoin().getTcpIpConfig();
        assertTrue(tcp.isEnabled());
        assertEquals(List.of("127.0.0.2", "127.0.0.4:5711"), tcp.getMembers());
        assertFalse(c.getAdvancedNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(c.getAdvancedNetworkConfig().getJoin().isAutoDetectionEnabled());
        assertFalse(c.getJetConfig().isEnabled());
        assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("false", c.getProperty("hazelcast.shutdownhook.enabled"), "the agent closes the member itself, snapshot first");
        assertEquals("jdk", c.getProperty("hazelcast.logging.type"));
        assertEquals("n1", c.getMemberAttributeConfig().getAttribute(HazelcastConfigFactory.NODE_ATTRIBUTE));
    }

    @Test
    void configTunesFailureDetectionAndBackups() {
        Config c = HazelcastConfigFactory.config(settings(), FailureDetection.DEFAULT);
        assertEquals("1", c.getProperty("hazelcast.heartbeat.interval.seconds"));
        assertEquals("4", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("5", c.getProperty("hazelcast.merge.first.run.delay.seconds"));
        assertEquals("true", c.getProperty("hazelcast.operation.fail.on.indeterminate.state"),
                "a write is acknowledged only once every backup confirmed it");
        MapConfig m = c.getMapConfig("shoal.deployments");
        assertEquals(2, m.getBackupCount());
        assertEquals(0, m.getAsyncBackupCount());
        assertFalse(m.isReadBackupData());
        assertEquals(NewerVersionMergePolicy.class.getName(), m.getMergePolicyConfig().getPolicy());
    }

    @Test
    void mergeKeepsTheHigherVersionTombstonesIncluded() {
        StoredObject live = new StoredObject(5, false, "{}");
        StoredObject deleted = new StoredObject(7, true, "{}");
        assertTrue(NewerVersionMergePolicy.version(deleted) > NewerVersionMergePolicy.version(live));
        assertEquals(12L, NewerVersionMergePolicy.version(12L));
        assertEquals(Long.MIN_VALUE, NewerVersionMergePolicy.version("other"));
    }

    @Test
    void frozenMemberDetectionIsBoundedByTheTimeoutPlusOneCheck() {
        assertEquals(Duration.ofSeconds(5), FailureDetection.DEFAULT.worstCaseFrozenDetection());
        assertThrows(IllegalArgumentException.class, () -> new FailureDetection(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void onlyASnapshotNewerThanTheClusterIsRestored() {
        assertEquals(Decision.NOTHING_TO_RESTORE, SnapshotRestorer.decide(0, 0));
        assertEquals(Decision.RESTORE, SnapshotRestorer.decide(42, 0));
        assertEquals(Decision.RESTORE, SnapshotRestorer.decide(42, 30));
        assertEquals(Decision.CLUSTER_IS_NEWER, SnapshotRestorer.decide(42, 42));
        assertEquals(Decision.CLUSTER_IS_NEWER, SnapshotRestorer.decide(42, 50));
    }

    @Test
    void snapshotFileRoundTripsAndLeavesNoTemporaryFile() throws Exception {
        SnapshotFile file = new SnapshotFile(dir.resolve("data"));
        assertTrue(file.read().isEmpty());
        ObjectNode web = Objects.deployment("default", "web", 2);
        file.write(new Snapshot(42, Map.of(ResourceType.DEPLOYMENT, List.of(web))));
        file.write(new Snapshot(43, Map.of(ResourceType.DEPLOYMENT, List.of(web, Objects.deployment("default", "api", 1)))));

        Snapshot back = file.read().orElseThrow();
        assertEquals(43, back.resourceVersion());
        assertEquals(2, back.objects().get(ResourceType.DEPLOYMENT).size());
        assertEquals(web, back.objects().get(ResourceType.DEPLOYMENT).get(0));
        assertEquals(List.of(SnapshotFile.NAME), Files.list(dir.resolve("data")).map(p -> p.getFileName().toString()).toList());
    }
}
