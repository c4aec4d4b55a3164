package dev.shoal.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The checkers must catch what they are for: histories built by hand, with and without a loss. */
class ChecksTest {
    private static History history(Object[]... ops) {
        History h = new History();
        for (Object[] op : ops) {
            h.add(0, History.Kind.INVOKE, (String) op[1], "k", (String) op[2], "n1", "");
            h.add(0, (History.Kind) op[0], (String) op[1], "k", (String) op[2], "n1", "");
        }
        return h;
    }

    private static Object[] op(History.Kind kind, String f, String value) {
        return new Object[]{kind, f, value};
    }

    @Test
    void theLastAcknowledgedWriteMustSurvive() {
        History h = history(op(History.Kind.OK, "create", "a"), op(History.Kind.OK, "update", "b"));
        assertEquals(List.of(), Checks.acknowledgedWritesLost(h, Map.of("k", "b")));
        assertEquals(1, Checks.acknowledgedWritesLost(h, Map.of("k", "a")).size(), "an older value came back");
        assertEquals(1, Checks.acknowledgedWritesLost(h, Map.of()).size(), "the key vanished");
    }

    @Test
    void anUnknownWriteAfterItMayOrMayNotHaveHappenedButARefusedOneMustNot() {
        History h = history(op(History.Kind.OK, "create", "a"), op(History.Kind.INFO, "update", "b"), op(History.Kind.FAIL, "update", "c"));
        assertEquals(List.of(), Checks.acknowledgedWritesLost(h, Map.of("k", "a")));
        assertEquals(List.of(), Checks.acknowledgedWritesLost(h, Map.of("k", "b")));
        assertEquals(1, Checks.acknowledgedWritesLost(h, Map.of("k", "c")).size());
    }

    @Test
    void anUnknownWriteBeforeTheLastAcknowledgedOneMustNotWin() {
        History h = history(op(History.Kind.INFO, "update", "x"), op(History.Kind.OK, "create", "a"));
        assertEquals(1, Checks.acknowledgedWritesLost(h, Map.of("k", "x")).size(), "the merge bug this suite exists for");
    }

    @Test
    void anAcknowledgedDeleteStaysDeleted() {
        History h = history(op(History.Kind.OK, "create", "a"), op(History.Kind.OK, "delete", ""));
        assertEquals(List.of(), Checks.acknowledgedWritesLost(h, Map.of()));
        assertEquals(1, Checks.acknowledgedWritesLost(h, Map.of("k", "a")).size(), "no resurrection");
    }

    @Test
    void fencingFlagsTwoLeadersInOneEpoch() {
        assertEquals(List.of(), Checks.twoLeadersInOneEpoch(Map.of("default/web@3", Set.of("n1"), "default/web@4", Set.of("n2"))));
        assertEquals(1, Checks.twoLeadersInOneEpoch(Map.of("default/web@3", Set.of("n1", "n2"))).size());
    }
}
