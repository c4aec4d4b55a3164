package dev.shoal.chaos;

import dev.shoal.node.it.AgentProcess;
import dev.shoal.node.it.Await;
import dev.shoal.node.it.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * The leader of a Deployment frozen (SIGSTOP, like a long GC pause) for longer than the failure
 * detector, then resumed: another node takes over, and the woken leader's writes are fenced off.
 */
class PauseIT {
    @Test
    @Tag("full")
    void pauseTheLeaderPastTheFailureDetectorThenResumeIt() throws Exception {
        try (Scenario s = Scenario.start("pause-leader", 3, 18203, 19161)) {
            AgentProcess leader = s.leader();
            AgentProcess other = s.cluster.agents().stream().filter(a -> a != leader).findFirst().orElseThrow();
            s.startWriters(6, 23);
            s.startVipClient(other);
            s.awaitOperations(40);
            leader.pause();
            try {
                Await.until(Duration.ofSeconds(30), "the others noticing " + leader.name() + " is gone",
                        () -> !TestCluster.readyNodes(other).contains(leader.name()) ? Boolean.TRUE : null);
                Await.until(Duration.ofSeconds(30), "web led by another node", () -> s.leader() != leader ? Boolean.TRUE : null);
                s.awaitOperations(80);
            } finally {
                leader.resume();
            }
            s.awaitOperations(60);
            s.finish(Duration.ofSeconds(90));
        }
    }
}
