package dev.shoal.membership.internal;

import dev.shoal.membership.ClusterSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ColdStartTest {
    @Test
    void theNewestSnapshotWinsThenTheLowestName() {
        assertEquals("b", ColdStart.winner(Map.of("a", 5L, "b", 9L, "c", 7L)));
        assertEquals("a", ColdStart.winner(Map.of("c", 9L, "a", 9L, "b", 1L)));
        assertEquals("a", ColdStart.winner(Map.of("a", 0L)));
    }

    @Test
    void expectedMembersCountsPeersOtherThanOurselves() {
        ClusterSettings s = new ClusterSettings("n2", "127.0.0.3", 5701,
                List.of("127.0.0.2:5701", "127.0.0.3:5701", "127.0.0.4"), "c", Path.of("x"), Map.of());
        assertEquals(3, ColdStart.expectedMembers(s));
        ClusterSettings alone = new ClusterSettings("n", "127.0.0.1", 5701, List.of("127.0.0.1"), "c", Path.of("x"), Map.of());
        assertEquals(1, ColdStart.expectedMembers(alone));
    }
}
