package dev.shoal.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("n" + i);
        }
        return names;
    }

    private static void check(int clusterSize, int pods, int expectedSampleSize) {
        var all = names(clusterSize);
        var sample = Sampler.sample(all, pods, new Random(clusterSize * 31L + pods));
        assertEquals(expectedSampleSize, sample.size(), () -> clusterSize + " nodes, " + pods + " pods");
        assertEquals(sample.size(), new HashSet<>(sample).size(), "distinct");
        assertTrue(all.containsAll(sample));
    }

    @Test
    void sizeIsTwoPerPodWithAFloorAndACap() {
        check(5, 1, 5);          // fewer than the floor: everyone
        check(100, 0, 20);       // floor
        check(100, 3, 20);       // 2*3 < 20: floor
        check(100, 10, 20);
        check(100, 11, 22);      // 2*k
        check(1000, 100, 200);
        check(100, 80, 100);     // 2*k > cluster: everyone
        check(0, 10, 0);
    }

    @Test
    void everyNodeGetsAskedEventually() {
        var all = names(200);
        var seen = new HashSet<String>();
        var rnd = new Random(1);
        for (int i = 0; i < 100; i++) {
            seen.addAll(Sampler.sample(all, 5, rnd));
        }
        assertEquals(200, seen.size());
    }

    @Test
    void negativePodCountIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Sampler.sample(names(3), -1, new Random(0)));
    }
}
