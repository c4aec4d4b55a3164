package dev.shoal.scheduling;

import static dev.shoal.scheduling.Fixtures.node;
import static dev.shoal.scheduling.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScorersTest {
    private static final double EPS = 1e-9;

    /** Nodes listed best first must score strictly in that order. */
    private static void checkOrder(NodeScorer scorer, PodRequest pod, NodeState... bestFirst) {
        for (int i = 1; i < bestFirst.length; i++) {
            double better = scorer.score(pod, bestFirst[i - 1]);
            double worse = scorer.score(pod, bestFirst[i]);
            assertTrue(better > worse, scorer.name() + ": " + bestFirst[i - 1].name() + " (" + better
                    + ") should beat " + bestFirst[i].name() + " (" + worse + ")");
        }
        for (NodeState n : bestFirst) {
            double s = scorer.score(pod, n);
            assertTrue(s >= 0 && s <= 100, scorer.name() + " out of range: " + s);
        }
    }

    @Test
    void leastAllocatedIsKubernetesFormula() {
        var s = new LeastAllocatedScorer();
        // cpu: (4000 - 1000 - 1000) * 100 / 4000 = 50; memory: (8Gi - 2Gi) * 100 / 8Gi = 75; mean 62.5
        var n = node("n", 4000, 8).plus(pod("x", "", 1000, 1024));
        assertEquals(62.5, s.score(pod("p", "", 1000, 1024), n), EPS);
        // cpu over allocatable scores 0 for cpu; memory untouched scores 100
        assertEquals(50, s.score(pod("p", "", 5000, 0), node("n", 4000, 8)), EPS);
        assertEquals(100, s.score(pod("p", "", 0, 0), node("n", 4000, 8)), EPS);
        checkOrder(s, pod("p"),
                node("big", 16000, 64),
                node("medium", 8000, 16),
                node("small", 2000, 4),
                node("full", 2000, 4).plus(pod("x", "", 1800, 3500)));
    }

    @Test
    void spreadPrefersFewerReplicasOfTheSameOwner() {
        var s = new SpreadScorer();
        var empty = node("empty", 4000, 8);
        var one = empty.plus(pod("a", "ns/web", 100, 100));
        var two = one.plus(pod("b", "ns/web", 100, 100));
        var otherOwner = empty.plus(pod("c", "ns/db", 100, 100));
        checkOrder(s, pod("p", "ns/web", 100, 100), empty, one, two);
        assertEquals(100, s.score(pod("p", "ns/web", 100, 100), otherOwner), EPS);
        assertEquals(50, s.score(pod("p", "ns/web", 100, 100), one), EPS);
        assertEquals(100, s.score(pod("p", "", 100, 100), two), EPS); // no owner, nothing to spread
    }

    @Test
    void imageLocality() {
        var s = new ImageLocalityScorer();
        var p = pod("p").withImage("nginx:1.27");
        checkOrder(s, p, node("has", 4000, 8).withImages("nginx:1.27"), node("lacks", 4000, 8).withImages("redis:7"));
        assertEquals(0, s.score(pod("p"), node("n", 4000, 8).withImages("")), EPS); // no image asked
    }

    @Test
    void preferNoScheduleTaints() {
        var s = new PreferNoScheduleTaintsScorer();
        var spot = new Taint("spot", "yes", TaintEffect.PreferNoSchedule);
        var old = new Taint("old", "", TaintEffect.PreferNoSchedule);
        var hard = new Taint("gpu", "", TaintEffect.NoSchedule);
        var clean = node("clean", 4000, 8);
        checkOrder(s, pod("p"), clean, clean.withTaints(spot), clean.withTaints(spot, old));
        assertEquals(100, s.score(pod("p"), clean.withTaints(hard)), EPS); // the filter's business
        var tolerant = pod("p").withTolerations(new Toleration("spot", Toleration.Operator.Exists, "", null));
        assertEquals(100, s.score(tolerant, clean.withTaints(spot)), EPS);
    }
}
