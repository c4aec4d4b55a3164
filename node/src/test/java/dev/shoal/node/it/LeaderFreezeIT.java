package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A leader that freezes (SIGSTOP: a long GC pause, a hung VM) is replaced while frozen, and when
 * it wakes up it must notice it was deposed instead of acting on its old epoch: the Deployment
 * keeps the new leader's epoch and the replica count the new leader made, and the old epoch
 * never reappears on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderFreezeIT {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final String APP = "frozen";
    static final String DEPLOYMENT = "/apis/apps/v1/namespaces/default/deployments/" + APP;
    /** Longer than the failure detector (~6 s), shorter than the lease (15 s): the old leader wakes up still believing in it. */
    static final Duration FREEZE = Duration.ofSeconds(9);
    private TestCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.create("LeaderFreezeIT", 3, 16943, 16101, List.of("--cpu", "4000", "--memory-mib", "8192")).start();
        cluster.awaitNodesReady(3);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    record Leader(String name, long epoch) {}

    static Leader leaderOf(AgentProcess via) {
        JsonNode ann = Http.get(via.baseUrl() + DEPLOYMENT).json().path("metadata").path("annotations");
        return new Leader(ann.path("shoal.dev/leader").asText(""), Long.parseLong(ann.path("shoal.dev/leader-epoch").asText("0")));
    }

    @Test
    void aFrozenLeaderIsReplacedAndStaysDeposedWhenItWakes() throws Exception {
        AgentProcess first = cluster.agent(0);
        assertEquals(201, Http.post(first.baseUrl() + "/apis/apps/v1/namespaces/default/deployments",
                ControllerIT.deployment(APP, 3, "100m", "64Mi")).status());
        ControllerIT.awaitBound(first, APP, 3);
        Leader old = Await.until(DEADLINE, APP + " to have a leader", () -> {
            Leader l = leaderOf(first);
            return l.name().isEmpty() ? null : l;
        });
        AgentProcess frozen = cluster.agents().stream().filter(a -> a.name().equals(old.name())).findFirst().orElseThrow();
        List<AgentProcess> awake = cluster.agents().stream().filter(a -> a != frozen).toList();
        AgentProcess b = awake.get(0), c = awake.get(1);

        final Leader next;
        long frozenAt = System.nanoTime(), newLeaderMs, boundMs, frozenMs;
        frozen.pause();
        try {
            next = Await.until(DEADLINE, "a leader other than " + old + " while it is frozen", () -> {
                Leader l = leaderOf(b);
                return !l.name().equals(old.name()) && !l.name().isEmpty() && l.epoch() > old.epoch() ? l : null;
            });
            newLeaderMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
            // Scale through an awake agent that is not necessarily the new leader.
            assertEquals(200, Http.send("PATCH", c.baseUrl() + DEPLOYMENT + "/scale", "{\"spec\":{\"replicas\":5}}",
                    "application/merge-patch+json").status());
            Await.until(DEADLINE, "5 pods of " + APP + " bound to the awake nodes", () -> {
                List<JsonNode> pods = ControllerIT.pods(b, APP);
                boolean onAwake = pods.stream().allMatch(p -> Set.of(b.name(), c.name()).contains(p.path("spec").path("nodeName").asText()));
                return pods.size() == 5 && onAwake ? Boolean.TRUE : null;
            });
            boundMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
            // Stay frozen for at least FREEZE, well past the failure detector, checking that nothing moves meanwhile.
            Duration left = FREEZE.minusNanos(System.nanoTime() - frozenAt);
            Await.holds(left.isNegative() ? Duration.ZERO : left, "the new leader keeps 5 pods while the old one is frozen", () -> {
                assertEquals(next, leaderOf(b));
                assertEquals(5, ControllerIT.pods(c, APP).size());
            });
            assertTrue(frozen.isAlive(), frozen.name() + " died while frozen");
        } finally {
            frozenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
            frozen.resume();
        }
        System.out.println("LeaderFreezeIT: froze leader " + old + "; new leader " + next + " after " + newLeaderMs
                + " ms; 5 pods bound after " + boundMs + " ms; resumed after " + frozenMs + " ms frozen");

        long resumedAt = System.nanoTime();
        try {
            cluster.awaitNodesReady(3, DEADLINE);
        } catch (AssertionError e) {
            throw new AssertionError(frozen.name() + " did not come back as a Ready node after SIGCONT; its log ends:\n"
                    + frozen.logTail(60), e);
        }
        long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt);
        double[] deposed = Await.until(DEADLINE, frozen.name() + "'s /metrics to show it noticed it was deposed", () -> {
            double stepdowns = frozen.metric("shoal_controller_stepdowns_total");
            double fenced = frozen.metric("shoal_controller_fenced_writes_total");
            return stepdowns >= 1 || fenced >= 1 ? new double[]{stepdowns, fenced} : null;
        });
        System.out.println("LeaderFreezeIT: " + frozen.name() + " Ready again " + readyMs + " ms after SIGCONT; stepdowns "
                + deposed[0] + ", fenced writes " + deposed[1] + ", leads " + frozen.metric("shoal_controller_led_deployments")
                + " deployments");

        // For a while after the wake-up, every agent's view keeps the new epoch (or a newer one) and 5 pods.
        Await.holds(Duration.ofSeconds(5), "the deposed leader stays deposed", () -> {
            for (AgentProcess via : cluster.agents()) {
                Leader now = leaderOf(via);
                assertNotEquals(old.epoch(), now.epoch(), via.name() + " sees the old epoch again: " + now);
                assertTrue(now.epoch() >= next.epoch(), via.name() + " sees an epoch older than " + next + ": " + now);
                if (now.epoch() == next.epoch()) assertEquals(next.name(), now.name(), via.name());
                assertEquals(5, ControllerIT.pods(via, APP).size(), via.name() + " active pods of " + APP);
            }
        });
        System.out.println("LeaderFreezeIT: after the wake-up, leader " + leaderOf(b) + ", pods " + ControllerIT.perNode(ControllerIT.pods(b, APP)));
    }
}
