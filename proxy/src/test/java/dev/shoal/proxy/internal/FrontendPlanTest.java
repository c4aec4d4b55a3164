package dev.shoal.proxy.internal;

import dev.shoal.proxy.ListenAddress;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrontendPlanTest {
    private static final ListenAddress A = ListenAddress.tcp("127.96.0.1", 80), B = ListenAddress.tcp("127.96.0.2", 80),
            C = ListenAddress.tcp("127.96.0.2", 443);

    @Test
    void opensTheNewClosesTheRemovedKeepsTheRest() {
        check(Set.of(), Set.of(A, B), new FrontendPlan(Set.of(A, B), Set.of(), Set.of()));
        check(Set.of(A, B), Set.of(B, C), new FrontendPlan(Set.of(C), Set.of(A), Set.of(B)));
        check(Set.of(A, B), Set.of(A, B), new FrontendPlan(Set.of(), Set.of(), Set.of(A, B)));
        check(Set.of(A), Set.of(), new FrontendPlan(Set.of(), Set.of(A), Set.of()));
    }

    private static void check(Set<ListenAddress> current, Set<ListenAddress> desired, FrontendPlan expected) {
        assertEquals(expected, FrontendPlan.between(current, desired), current + " -> " + desired);
    }
}
