package dev.shoal.node.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, the cluster port: two agents share a cluster secret; a stranger agent that joins them
 * with another secret is refused before it is admitted, exits with an error naming the refusal,
 * and its API never shows the cluster's state; the cluster logs who was refused and stays two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSecretIT {
    static final int API = 17743;
    static final int CLUSTER = 16701;
    private TestCluster cluster;
    private Path secrets;

    @BeforeAll
    void start() throws Exception {
        secrets = Files.createDirectories(Path.of("target", "it-data", "ClusterSecretIT-secrets"));
        for (String name : List.of("cs-1", "cs-2", "cs-stranger")) {
            Files.deleteIfExists(Path.of("target", "it-logs", name + ".log"));  // an earlier run's lines would prove nothing
        }
        Path shared = Files.writeString(secrets.resolve("shared"), "0123456789abcdef0123456789abcdef0123456789abcdef\n");
        List<String> args = List.of("--runtime", "process", "--cluster-secret-file", shared.toAbsolutePath().toString());
        cluster = TestCluster.create("ClusterSecretIT", "cs-", API, CLUSTER, List.of(args, args)).start();
        cluster.awaitNodesReady(2);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    @Test
    void aStrangerWithAnotherSecretIsRefusedAndLearnsNothing() throws Exception {
        AgentProcess via = cluster.agent(0);
        assertEquals(201, Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments",
                ControllerIT.deployment("private", 0, "100m", "64Mi")).status());

        Path wrong = Files.writeString(secrets.resolve("wrong"), "fedcba9876543210fedcba9876543210fedcba9876543210\n");
        AgentProcess stranger = new AgentProcess("cs-stranger", "127.0.0.4", API, CLUSTER,
                List.of("127.0.0.2:" + CLUSTER, "127.0.0.3:" + CLUSTER), Path.of("target", "it-data", "ClusterSecretIT", "cs-stranger"),
                List.of("--runtime", "process", "--cluster-secret-file", wrong.toAbsolutePath().toString())).start();
        try {
            String exit = Await.until(Duration.ofSeconds(60), "the stranger giving up", () -> stranger.isAlive() ? null : "exited");
            assertEquals("exited", exit);
            String log = stranger.logTail(200);
            assertTrue(log.contains("did not prove the cluster secret"), "the stranger is told why:\n" + log);
            assertNotEquals(0, stranger.exitCode(), "and exits with an error");
            assertFalse(log.contains("\"private\""), "it never saw the cluster's objects");
        } finally {
            stranger.close();
        }
        String refusal = cluster.agents().stream().limit(2).map(a -> a.logTail(400))
                .filter(l -> l.contains("refused member")).findFirst().orElse("");
        assertTrue(refusal.contains("did not prove the cluster secret"), "a member logs the refusal");
        assertEquals(2, TestCluster.readyNodes(via).size(), "the cluster is still the two of them: " + TestCluster.readyNodes(via));
        assertEquals(2, (int) via.metric("shoal_cluster_members"), "and has two members");
    }
}
