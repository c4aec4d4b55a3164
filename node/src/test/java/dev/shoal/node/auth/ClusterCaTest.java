package dev.shoal.node.auth;

import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.internal.FailureDetection;
import dev.shoal.membership.internal.HazelcastClusterMember;
import dev.shoal.membership.internal.StoreOptions;
import dev.shoal.node.tls.CertificateAuthority;
import dev.shoal.node.tls.Pem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One CA per cluster, in a real Hazelcast member: the first agent makes it, every other one takes
 * it, each keeps it on disk owner-only, and a cluster restarted from cold gets the same CA back.
 */
class ClusterCaTest {
    @TempDir Path dir;
    private HazelcastClusterMember member;

    private HazelcastClusterMember freshCluster() throws Exception {
        if (member != null) member.close();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        member = HazelcastClusterMember.start(new ClusterSettings("n1", "127.0.0.1", port, List.of(), "ca-" + UUID.randomUUID(),
                dir.resolve("member"), Map.of()), FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
        return member;
    }

    @AfterEach
    void stop() {
        if (member != null) member.close();
    }

    @Test
    void theFirstAgentMakesTheCaTheOthersTakeItAndAColdRestartKeepsIt() throws Exception {
        freshCluster();
        ClusterCa.Resolved first = ClusterCa.resolve(member.hazelcast(), "a", dir.resolve("a"), Clock.systemUTC());
        assertTrue(first.madeHere());
        ClusterCa.Resolved second = ClusterCa.resolve(member.hazelcast(), "b", dir.resolve("b"), Clock.systemUTC());
        assertFalse(second.madeHere());
        assertEquals(first.ca().certificate(), second.ca().certificate());
        for (String agent : List.of("a", "b")) {
            for (String f : List.of(ClusterCa.CERT_FILE, ClusterCa.KEY_FILE)) {
                Path p = dir.resolve(agent).resolve(f);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
            assertEquals(first.ca().certificate(), Pem.readCertificates(dir.resolve(agent).resolve(ClusterCa.CERT_FILE)).get(0));
        }

        freshCluster();  // every agent stopped: the map is gone, the files are not
        ClusterCa.Resolved restarted = ClusterCa.resolve(member.hazelcast(), "b", dir.resolve("b"), Clock.systemUTC());
        assertFalse(restarted.madeHere());
        assertEquals(first.ca().certificate(), restarted.ca().certificate());
        assertEquals(first.ca().certificate(),
                ClusterCa.resolve(member.hazelcast(), "c", dir.resolve("c"), Clock.systemUTC()).ca().certificate());
    }

    @Test
    void anAgentWithAnotherClustersCaTakesThisClustersOne() throws Exception {
        freshCluster();
        ClusterCa.Resolved cluster = ClusterCa.resolve(member.hazelcast(), "a", dir.resolve("a"), Clock.systemUTC());
        Path stranger = Files.createDirectories(dir.resolve("s"));
        CertificateAuthority other = CertificateAuthority.generate("shoal-ca", Clock.systemUTC());
        Files.writeString(stranger.resolve(ClusterCa.CERT_FILE), Pem.certificate(other.certificate()));
        Files.writeString(stranger.resolve(ClusterCa.KEY_FILE), Pem.privateKey(other.keyAndCert().key()));
        assertEquals(cluster.ca().certificate(), ClusterCa.resolve(member.hazelcast(), "s", stranger, Clock.systemUTC()).ca().certificate());
        assertEquals(cluster.ca().certificate(), Pem.readCertificates(stranger.resolve(ClusterCa.CERT_FILE)).get(0));
    }

    @Test
    void unusableCaFilesStopTheAgentWithTheirNames() throws Exception {
        freshCluster();
        Path d = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(d.resolve(ClusterCa.CERT_FILE), "not a certificate");
        var e = assertThrows(IllegalArgumentException.class, () -> ClusterCa.resolve(member.hazelcast(), "x", d, Clock.systemUTC()));
        assertTrue(e.getMessage().contains(d.toString()) && e.getMessage().contains(ClusterCa.KEY_FILE), e.getMessage());
    }
}
