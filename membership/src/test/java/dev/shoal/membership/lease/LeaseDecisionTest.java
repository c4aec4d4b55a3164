package dev.shoal.membership.lease;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LeaseDecisionTest {
    private static final Set<String> BOTH = Set.of("a", "b");

    @Test
    void firstGrantIsEpochOne() {
        assertEquals(new Lease("a", 1, 1_000 + 500), LeaseDecision.decide(null, "a", 500, 1_000, BOTH));
    }

    @Test
    void holderRenewsUnderTheSameEpoch() {
        Lease held = new Lease("a", 4, 2_000);
        assertEquals(new Lease("a", 4, 1_500 + 500), LeaseDecision.decide(held, "a", 500, 1_500, BOTH));
    }

    @Test
    void anotherCandidateIsRefusedWhileTheLeaseIsLive() {
        Lease held = new Lease("a", 4, 2_000);
        assertSame(held, LeaseDecision.decide(held, "b", 500, 1_999, BOTH));
    }

    @Test
    void anExpiredLeaseGoesToTheCandidateWithAHigherEpoch() {
        Lease held = new Lease("a", 4, 2_000);
        assertEquals(new Lease("b", 5, 2_500), LeaseDecision.decide(held, "b", 500, 2_000, BOTH));
    }

    @Test
    void theHolderItselfGetsANewEpochAfterExpiry() {
        Lease held = new Lease("a", 4, 2_000);
        assertEquals(5, LeaseDecision.decide(held, "a", 500, 2_001, BOTH).epoch());
    }

    @Test
    void aLeaseOfADepartedMemberIsTakenAtOnce() {
        Lease held = new Lease("gone", 7, 10_000);
        assertEquals(new Lease("b", 8, 1_500), LeaseDecision.decide(held, "b", 500, 1_000, BOTH));
    }

    @Test
    void releaseEndsTheLeaseOnlyForItsHolderAndEpoch() {
        Lease held = new Lease("a", 4, 2_000);
        assertEquals(new Lease("a", 4, 1_000), LeaseDecision.release(held, "a", 4, 1_000));
        assertSame(held, LeaseDecision.release(held, "a", 3, 1_000));
        assertSame(held, LeaseDecision.release(held, "b", 4, 1_000));
        assertEquals(5, LeaseDecision.decide(LeaseDecision.release(held, "a", 4, 1_000), "b", 500, 1_000, BOTH).epoch());
    }

    /** After a restart of every agent the leases begin again at 1, below the epochs stamped on restored objects. */
    @Test
    void aFloorLiftsTheEpochOfANewGrantATakeOverAndARenewal() {
        assertEquals(new Lease("a", 6, 1_500), LeaseDecision.decide(null, "a", 500, 1_000, BOTH, 6));
        assertEquals(new Lease("a", 6, 1_500), LeaseDecision.decide(new Lease("a", 1, 2_000), "a", 500, 1_000, BOTH, 6));
        assertEquals(new Lease("b", 6, 1_500), LeaseDecision.decide(new Lease("gone", 2, 10_000), "b", 500, 1_000, BOTH, 6));
        assertEquals(new Lease("b", 9, 1_500), LeaseDecision.decide(new Lease("gone", 8, 10_000), "b", 500, 1_000, BOTH, 6),
                "a floor never lowers an epoch");
    }

    @Test
    void aFloorDoesNotTakeALiveLeadersLease() {
        Lease held = new Lease("a", 4, 2_000);
        assertSame(held, LeaseDecision.decide(held, "b", 500, 1_000, BOTH, 9));
    }
}
