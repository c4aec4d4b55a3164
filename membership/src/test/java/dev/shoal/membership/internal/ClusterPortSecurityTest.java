package dev.shoal.membership.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster port under attack by strangers on the network: real members on loopback, a real
 * Hazelcast client, and members holding the wrong secret or none.
 */
class ClusterPortSecurityTest {
    static final String SECRET = "7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c2e";

    @TempDir
    Path dir;

    @Test
    void aHazelcastClientCannotConnectToTheClusterPortEvenWithTheClusterName() {
        try (TestCluster cluster = new TestCluster(dir).start(1)) {
            ClientConfig config = new ClientConfig();
            config.setClusterName(cluster.name);
            config.getNetworkConfig().addAddress(TestCluster.HOST + ":" + cluster.port(0));
            config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);
            assertThrows(IllegalStateException.class, () -> HazelcastClient.newHazelcastClient(config).shutdown(),
                    "the member port speaks the member protocol only");
        }
    }

    @Test
    void aMemberWithTheSecretJoinsAndOnesWithAWrongSecretOrNoneAreRefusedBeforeTheyHoldAnyState() {
        try (TestCluster cluster = new TestCluster(dir)) {
            HazelcastClusterMember first = cluster.startNode("node-0", SECRET);
            first.store().create(dev.shoal.api.ResourceType.DEPLOYMENT, Objects.deployment("default", "secret-stuff", 1));

            RuntimeException wrong = assertThrows(RuntimeException.class, () -> cluster.startNode("stranger", SECRET.replace('7', '8')));
            RuntimeException none = assertThrows(RuntimeException.class, () -> cluster.startNode("stranger-2", ""));
            System.out.println("ClusterPortSecurityTest: wrong secret -> " + wrong + "; none -> " + none);
            assertEquals(1, first.clusterSize(), "no stranger became a member");

            HazelcastClusterMember friend = cluster.startNode("node-1", SECRET);
            Await.until(Duration.ofSeconds(30), () -> first.clusterSize() == 2 && friend.clusterSize() == 2, "the friend joins");
            assertTrue(friend.store().get(new dev.shoal.api.ObjectKey(dev.shoal.api.ResourceType.DEPLOYMENT, "default", "secret-stuff"))
                    .isPresent(), "and reads the cluster's state");
        }
    }

    /** --cluster-allow: even with the secret, a member from outside the allowed networks is refused. */
    @Test
    void aMemberFromOutsideTheAllowedNetworksIsRefusedEvenWithTheSecret() {
        dev.shoal.membership.JoinAllowList onlyDotOne = dev.shoal.membership.JoinAllowList.parse(java.util.List.of("127.0.0.1/32"));
        try (TestCluster cluster = new TestCluster(dir)) {
            HazelcastClusterMember first = cluster.startNode("node-0", SECRET, "127.0.0.1", onlyDotOne);
            RuntimeException outsider = assertThrows(RuntimeException.class,
                    () -> cluster.startNode("outsider", SECRET, "127.0.0.2", onlyDotOne));
            System.out.println("ClusterPortSecurityTest: outside --cluster-allow -> " + outsider);
            assertEquals(1, first.clusterSize(), "the outsider did not become a member");

            HazelcastClusterMember inside = cluster.startNode("node-1", SECRET, "127.0.0.1", onlyDotOne);
            Await.until(Duration.ofSeconds(30), () -> first.clusterSize() == 2 && inside.clusterSize() == 2, "a member from inside joins");
        }
    }

    @Test
    void theProofDependsOnSecretClusterAndAddress() {
        String proof = JoinProof.of(SECRET, "prod", "127.0.0.5:5701");
        assertEquals(64, proof.length());
        assertEquals(proof, JoinProof.of(SECRET, "prod", "127.0.0.5:5701"));
        assertNotEquals(proof, JoinProof.of(SECRET + "x", "prod", "127.0.0.5:5701"));
        assertNotEquals(proof, JoinProof.of(SECRET, "dev", "127.0.0.5:5701"));
        assertNotEquals(proof, JoinProof.of(SECRET, "prod", "127.0.0.6:5701"), "overheard, it is useless from another address");
        assertEquals("", JoinProof.of("", "prod", "127.0.0.5:5701"));
        assertTrue(JoinProof.matches(proof, proof));
        assertFalse(JoinProof.matches(proof, null));
        assertFalse(JoinProof.matches("", proof), "a cluster without secret refuses a member that has one: they are not one cluster");
    }
}
