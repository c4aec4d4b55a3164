package dev.shoal.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Which nodes to call for bids in a large cluster. */
public final class Sampler {
    /**
     * Power of d choices: placing k pods by asking d*k random nodes comes within a few percent of
     * asking all of them once d &ge; 2 (Mitzenmacher; Sparrow's batch sampling uses d = 2), while the
     * call for bids costs O(k) messages instead of O(cluster).
     */
    public static final int CHOICES = 2;

    /**
     * Never ask fewer than this many: with a small sample, a node selector or a taint can exclude
     * every sampled node while many others would fit, and 20 bids are still cheap to gather.
     */
    public static final int MIN_SAMPLE = 20;

    private Sampler() {}

    /**
     * {@code max(MIN_SAMPLE, CHOICES * podsToPlace)} distinct names chosen uniformly at random, or all
     * names (in a random order) if there are not that many. A leader whose sample leaves pods
     * unplaced should call for bids from every node before declaring them Pending.
     */
    public static List<String> sample(List<String> nodeNames, int podsToPlace, Random rnd) {
        if (podsToPlace < 0) {
            throw new IllegalArgumentException("podsToPlace: must not be negative, got " + podsToPlace);
        }
        long wanted = Math.max(MIN_SAMPLE, (long) CHOICES * podsToPlace);
        int n = (int) Math.min(wanted, nodeNames.size());
        List<String> names = new ArrayList<>(nodeNames);
        // partial Fisher-Yates: the first n slots end up a uniform sample without replacement
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(names.size() - i);
            String tmp = names.get(i);
            names.set(i, names.get(j));
            names.set(j, tmp);
        }
        return List.copyOf(names.subList(0, n));
    }
}
