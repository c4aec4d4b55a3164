package dev.shoal.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' FitError message ({@code pkg/scheduler/framework/types.go}, {@code FitError.Error}):
 * {@code "0/N nodes are available: "} then "count reason" for each distinct reason, sorted as
 * strings (so "1 x" sorts before "2 a", and "10 a" before "2 a", exactly as Go's sort.Strings does),
 * joined by ", ", then ".". Users paste this text into searches; keeping it identical keeps the
 * answers they find relevant.
 */
final class FitSummary {
    static final String NO_NODES = "no nodes available to schedule pods";

    private FitSummary() {}

    static String of(int numAllNodes, Map<String, Integer> reasonCounts) {
        if (numAllNodes == 0) {
            return NO_NODES;
        }
        List<String> histogram = new ArrayList<>();
        reasonCounts.forEach((reason, count) -> histogram.add(count + " " + reason));
        histogram.sort(null); // String.compareTo on ASCII agrees with Go's byte-wise order
        return "0/" + numAllNodes + " nodes are available: " + String.join(", ", histogram) + ".";
    }
}
