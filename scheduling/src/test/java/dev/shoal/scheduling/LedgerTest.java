package dev.shoal.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LedgerTest {
    private static final NodeCapacityLimits LIMITS = new NodeCapacityLimits(1000, 1000, 3);

    private static Reservation r(String pod, long cpu, long mem, HostPort... ports) {
        return new Reservation(pod, cpu, mem, Set.of(ports));
    }

    @Test
    void reservesAndKeepsTotals() {
        var l = Ledger.empty("n1").tryReserve(r("ns/a", 400, 300, HostPort.tcp(80)), LIMITS).orElseThrow()
                .tryReserve(r("ns/b", 600, 700), LIMITS).orElseThrow();
        assertEquals(1000, l.milliCpu());
        assertEquals(1000, l.memoryBytes());
        assertEquals(2, l.pods());
        assertEquals(Set.of(HostPort.tcp(80)), l.ports());
        assertEquals(Set.of("ns/a", "ns/b"), l.byPod().keySet());
    }

    @Test
    void refusesOvercommitOnEachResourceAndTakenPorts() {
        var l = Ledger.empty("n1").tryReserve(r("ns/a", 600, 600, HostPort.tcp(80)), LIMITS).orElseThrow();
        assertEquals(Optional.empty(), l.tryReserve(r("ns/b", 401, 1), LIMITS));              // cpu
        assertEquals(Optional.empty(), l.tryReserve(r("ns/b", 1, 401), LIMITS));              // memory
        assertEquals(Optional.empty(), l.tryReserve(r("ns/b", 1, 1, HostPort.tcp(80)), LIMITS)); // port
        assertTrue(l.tryReserve(r("ns/b", 400, 400, new HostPort("UDP", 80)), LIMITS).isPresent());
        var full = l.tryReserve(r("ns/b", 0, 0), LIMITS).orElseThrow()
                .tryReserve(r("ns/c", 0, 0), LIMITS).orElseThrow();
        assertEquals(Optional.empty(), full.tryReserve(r("ns/d", 0, 0), LIMITS));             // pod slots
    }

    @Test
    void noDoubleReservationOfTheSamePod() {
        var once = Ledger.empty("n1").tryReserve(r("ns/a", 600, 600), LIMITS).orElseThrow();
        // a retried award after a lost reply: same ledger, not 1200m
        assertSame(once, once.tryReserve(r("ns/a", 600, 600), LIMITS).orElseThrow());
        // a different claim under the same key is refused, not merged
        assertEquals(Optional.empty(), once.tryReserve(r("ns/a", 100, 100), LIMITS));
    }

    @Test
    void twoLeadersRacingForTheLastSlotCannotBothWin() {
        // both computed against the same snapshot; the CAS applies them one after the other
        var snapshot = Ledger.empty("n1").tryReserve(r("ns/a", 600, 0), LIMITS).orElseThrow();
        var first = snapshot.tryReserve(r("ns/x", 400, 0), LIMITS).orElseThrow();
        assertEquals(Optional.empty(), first.tryReserve(r("ns/y", 400, 0), LIMITS));
    }

    @Test
    void releaseFreesEverythingAndIsIdempotent() {
        var l = Ledger.empty("n1").tryReserve(r("ns/a", 600, 600, HostPort.tcp(80)), LIMITS).orElseThrow()
                .tryReserve(r("ns/b", 100, 100), LIMITS).orElseThrow();
        var released = l.release("ns/a");
        assertEquals(new Ledger("n1", 100, 100, 1, Set.of(), java.util.Map.of("ns/b", r("ns/b", 100, 100))), released);
        assertSame(released, released.release("ns/a"));
        assertTrue(released.tryReserve(r("ns/c", 900, 900, HostPort.tcp(80)), LIMITS).isPresent());
        assertEquals(Ledger.empty("n1"), released.release("ns/b"));
    }

    @Test
    void zeroRequestsFitEvenWhenLimitsShrank() {
        var l = Ledger.empty("n1").tryReserve(r("ns/a", 900, 900), LIMITS).orElseThrow();
        var shrunk = new NodeCapacityLimits(500, 500, 3);
        assertTrue(l.tryReserve(r("ns/b", 0, 0), shrunk).isPresent());
        assertEquals(Optional.empty(), l.tryReserve(r("ns/b", 1, 0), shrunk));
    }

    @Test
    void retryBudgetIsNamed() {
        assertEquals(3, Auction.MAX_AWARD_RETRIES);
    }
}
