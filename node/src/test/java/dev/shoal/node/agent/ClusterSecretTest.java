package dev.shoal.node.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSecretTest {
    @TempDir
    Path dir;

    @Test
    void theSourceFollowsTheRules() {
        Path given = dir.resolve("given");
        assertInstanceOf(ClusterSecret.Source.GivenFile.class,
                ClusterSecret.decide(Optional.of(given), dir, true, "192.0.2.1", List.of("192.0.2.2")), "a given file wins");
        assertInstanceOf(ClusterSecret.Source.Kept.class, ClusterSecret.decide(Optional.empty(), dir, true, "192.0.2.1", List.of("192.0.2.2")));
        assertInstanceOf(ClusterSecret.Source.Generate.class, ClusterSecret.decide(Optional.empty(), dir, false, "192.0.2.1", List.of()),
                "the first agent of a new cluster makes one");
        assertInstanceOf(ClusterSecret.Source.NoneOnLoopback.class,
                ClusterSecret.decide(Optional.empty(), dir, false, "127.0.0.3", List.of("127.0.0.2")));
        ClusterSecret.Source refused = ClusterSecret.decide(Optional.empty(), dir, false, "192.0.2.1", List.of("192.0.2.2"));
        assertTrue(((ClusterSecret.Source.Refuse) refused).why().contains("--cluster-secret-file is required"), refused.toString());
    }

    @Test
    void aGeneratedSecretIsWrittenOnceOwnerOnlyAndKept() throws Exception {
        ClusterSecret.Resolved first = ClusterSecret.resolve(Optional.empty(), dir, "127.0.0.2", List.of());
        Path file = dir.resolve(ClusterSecret.FILE_NAME);
        assertEquals(64, first.secret().length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(first.notice().orElseThrow().contains("--cluster-secret-file"), first.notice().toString());
        ClusterSecret.Resolved again = ClusterSecret.resolve(Optional.empty(), dir, "127.0.0.2", List.of("127.0.0.3"));
        assertEquals(first.secret(), again.secret(), "a restart keeps its secret, peers or not");
    }

    @Test
    void aShortSecretIsRefusedNamingTheFlag() throws Exception {
        Path weak = Files.writeString(dir.resolve("weak"), "hunter2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterSecret.resolve(Optional.of(weak), dir, "127.0.0.2", List.of()));
        assertTrue(e.getMessage().startsWith("--cluster-secret-file " + weak) && e.getMessage().contains("at least 32"), e.getMessage());
    }
}
