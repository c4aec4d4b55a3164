package dev.shoal.node.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator-supplied files: used as given, or refused with the flag and the file named. */
class TlsFilesTest {
    @TempDir Path dir;

    @Test
    void goodFilesAreUsedAsGiven() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("ops-ca", Clock.systemUTC());
        KeyAndCert serving = ca.issueServer("api", List.of("127.0.0.1"), Clock.systemUTC(), Duration.ofDays(1));
        Path cert = Files.writeString(dir.resolve("tls.crt"), Pem.certificates(serving.chain()));
        Path key = Files.writeString(dir.resolve("tls.key"), Pem.privateKey(serving.key()));
        Path clientCa = Files.writeString(dir.resolve("client-ca.crt"), Pem.certificate(ca.certificate()));
        TlsFiles files = new TlsFiles(cert, key, clientCa);
        files.check();
        assertEquals(serving.chain(), files.serving().chain());
        assertEquals(List.of(ca.certificate()), files.clientCas());
    }

    @Test
    void badFilesAreNamed() throws Exception {
        Path missing = dir.resolve("missing.crt");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "junk");
        refused(new TlsFiles(missing, junk, null), "--tls-cert-file " + missing + ": no such file");
        refused(new TlsFiles(null, null, junk), "--client-ca-file " + junk + ": ");
        CertificateAuthority ca = CertificateAuthority.generate("ops-ca", Clock.systemUTC());
        Path cert = Files.writeString(dir.resolve("tls.crt"), Pem.certificate(ca.certificate()));
        refused(new TlsFiles(cert, junk, null), "--tls-private-key-file " + junk + ": ");
        Path otherKey = Files.writeString(dir.resolve("other.key"),
                Pem.privateKey(CertificateAuthority.generate("x", Clock.systemUTC()).keyAndCert().key()));
        refused(new TlsFiles(cert, otherKey, null), "not the key of the certificate in " + cert);
        var e = assertThrows(IllegalArgumentException.class, () -> new TlsFiles(cert, null, null));
        assertTrue(e.getMessage().contains("go together"), e.getMessage());
    }

    private static void refused(TlsFiles files, String message) {
        var e = assertThrows(IllegalArgumentException.class, files::check);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
