package dev.shoal.chaos;

import dev.shoal.node.it.AgentProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/** SIGKILL of agents under writes and traffic, and their restart: nothing acknowledged is lost. */
class KillIT {
    @Test
    void killANodeThenRestartIt() throws Exception {
        try (Scenario s = Scenario.start("kill-1of3", 3, 18163, 19121)) {
            List<AgentProcess> n = s.cluster.agents();
            s.startWriters(4, 11);
            s.startVipClient(n.get(0));
            s.awaitOperations(40);
            n.get(2).kill();
            s.awaitOperations(100);
            n.get(2).start().awaitReady(Duration.ofSeconds(60));
            s.awaitOperations(40);
            s.finish(Duration.ofSeconds(60), 0);  // an agent's death does not stop its pods (the process runtime's)
        }
    }

    @Test
    @Tag("full")
    void killTheLeaderMidRollout() throws Exception {
        try (Scenario s = Scenario.start("kill-leader-rollout", 3, 18223, 19181)) {
            List<AgentProcess> n = s.cluster.agents();
            AgentProcess leader = s.leader();
            s.startWriters(4, 29);
            s.startVipClient(n.stream().filter(a -> a != leader).findFirst().orElseThrow());
            s.awaitOperations(30);
            s.setImage("shoal/hello:2");
            s.awaitRolloutStarted();
            leader.kill();
            s.awaitOperations(60);
            leader.start().awaitReady(Duration.ofSeconds(90));
            s.finish(Duration.ofSeconds(120));
            s.assertTemplateImage("shoal/hello:2");
        }
    }

    @Test
    @Tag("full")
    void killTwoOfFiveAtOnce() throws Exception {
        try (Scenario s = Scenario.start("kill-2of5", 5, 18173, 19131)) {
            List<AgentProcess> n = s.cluster.agents();
            s.startWriters(6, 13);
            s.startVipClient(n.get(0));
            s.awaitOperations(60);
            n.get(3).kill();
            n.get(4).kill();
            s.awaitOperations(150);
            // back from the dead: each adopts or reaps the pods it left running (the orphan check)
            n.get(3).start();
            n.get(4).start();
            n.get(3).awaitReady(Duration.ofSeconds(90));
            n.get(4).awaitReady(Duration.ofSeconds(90));
            s.awaitOperations(40);
            s.finish(Duration.ofSeconds(90));
        }
    }

    @Test
    @Tag("full")
    void stopAllThenStartAll() throws Exception {
        try (Scenario s = Scenario.start("stop-all-start-all", 3, 18183, 19141)) {
            List<AgentProcess> n = s.cluster.agents();
            s.startWriters(4, 17);
            s.awaitOperations(80);
            for (AgentProcess a : n) a.stop(Duration.ofSeconds(30));
            for (AgentProcess a : n) a.start();
            for (AgentProcess a : n) a.awaitReady(Duration.ofSeconds(90));
            s.awaitOperations(60);
            s.finish(Duration.ofSeconds(90));
        }
    }

    @Test
    @Tag("full")
    void rollingRestartUnderTraffic() throws Exception {
        try (Scenario s = Scenario.start("rolling-restart", 3, 18193, 19151)) {
            List<AgentProcess> n = s.cluster.agents();
            s.startWriters(4, 19);
            s.startVipClient(n.get(1));
            s.awaitOperations(40);
            for (AgentProcess a : n) {
                // the client goes through a node that stays up, as a load balancer drains the one being upgraded
                s.startVipClient(n.get((n.indexOf(a) + 1) % n.size()));
                a.stop(Duration.ofSeconds(30));
                a.start().awaitReady(Duration.ofSeconds(90));
                s.cluster.awaitNodesReady(3);
                s.cluster.awaitReplicasInSync(Duration.ofSeconds(90));  // as README's upgrade steps say
                s.awaitOperations(30);
            }
            s.finish(Duration.ofSeconds(90));
        }
    }
}
