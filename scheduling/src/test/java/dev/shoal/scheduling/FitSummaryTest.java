package dev.shoal.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FitSummaryTest {
    @Test
    void sortsLikeGoSortStrings() {
        assertEquals("0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 insufficient memory.",
                FitSummary.of(3, Map.of("insufficient memory", 2, NodeSelectorFilter.REASON, 1)));
        // string order, not numeric: Kubernetes prints "10 ..." before "2 ..."
        assertEquals("0/12 nodes are available: 10 too many pods, 2 insufficient cpu.",
                FitSummary.of(12, Map.of("insufficient cpu", 2, "too many pods", 10)));
        assertEquals("no nodes available to schedule pods", FitSummary.of(0, Map.of()));
    }
}
