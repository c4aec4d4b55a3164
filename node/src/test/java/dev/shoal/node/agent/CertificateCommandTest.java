package dev.shoal.node.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;
import dev.shoal.node.auth.Authenticator;
import dev.shoal.node.auth.ClientCertificates;
import dev.shoal.node.auth.ClusterCa;
import dev.shoal.node.tls.CertificateAuthority;
import dev.shoal.node.tls.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code shoal certificate issue}: a kubeconfig or files that the API authenticates as CN/O. */
class CertificateCommandTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new CertificateCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void issuesAKubeconfigOrFilesFromTheDataDirectorysCa(@TempDir Path dir) throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("shoal-ca", Clock.systemUTC());
        Files.writeString(dir.resolve(ClusterCa.CERT_FILE), Pem.certificate(ca.certificate()));
        Files.writeString(dir.resolve(ClusterCa.KEY_FILE), Pem.privateKey(ca.keyAndCert().key()));
        ClientCertificates verifier = new ClientCertificates(List.of(ca.certificate()), Clock.systemUTC());

        Run r = run("issue", "--data-dir", dir.toString(), "--user", "jane", "--group", "dev", "--server", "https://192.0.2.1:6443");
        assertEquals(0, r.exit(), r.err());
        JsonNode k = Json.YAML.readTree(r.out());
        assertEquals("https://192.0.2.1:6443", k.path("clusters").get(0).path("cluster").path("server").asText());
        assertEquals(ca.certificate(), Pem.parseCertificates(decode(k.path("clusters").get(0).path("cluster").path("certificate-authority-data"))).get(0));
        JsonNode user = k.path("users").get(0);
        assertEquals("jane", user.path("name").asText());
        var cert = Pem.parseCertificates(decode(user.path("user").path("client-certificate-data")));
        var who = assertInstanceOf(Authenticator.Result.Authenticated.class, verifier.authenticate(cert)).user();
        assertEquals("jane", who.name());
        assertTrue(who.groups().contains("dev"), who.groups().toString());

        r = run("issue", "--data-dir", dir.toString(), "--user", "ci", "--out", dir.resolve("ci").toString(), "--valid-for", "2h");
        assertEquals(0, r.exit(), r.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ci.key"))));
        assertInstanceOf(Authenticator.Result.Authenticated.class, verifier.authenticate(Pem.readCertificates(dir.resolve("ci.crt"))));
    }

    @Test
    void refusesWithoutACaOrWithAnUnusableUser(@TempDir Path dir) {
        Run r = run("issue", "--data-dir", dir.toString(), "--user", "jane");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no usable cluster CA in " + dir) && r.err().contains("no such file"), r.err());
        r = run("issue", "--data-dir", dir.toString(), "--user", "ja\"ne");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--user"), r.err());
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
    }
}
