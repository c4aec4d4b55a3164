package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the token comes from, and the kubeconfig {@code shoal config view --kubeconfig} prints. */
class ConfigCommandTest {
    @Test
    void kubeconfigHasAContextPerServerAndTheToken() throws Exception {
        Cli.Result r = Cli.run(Cli.environment(Map.of("SHOAL_TOKEN", "s3cret"), ""),
                "config", "view", "--kubeconfig", "--server", "a:1,https://b:2", "-n", "team-a");
        assertEquals(0, r.exit(), r.err());
        JsonNode k = Json.YAML.readTree(r.out());
        assertEquals("Config", k.path("kind").asText());
        assertEquals("http://a:1", k.path("clusters").get(0).path("cluster").path("server").asText());
        assertEquals("shoal-2", k.path("clusters").get(1).path("name").asText());
        assertEquals("https://b:2", k.path("clusters").get(1).path("cluster").path("server").asText());
        assertEquals("team-a", k.path("contexts").get(1).path("context").path("namespace").asText());
        assertEquals("shoal", k.path("current-context").asText());
        assertEquals("s3cret", k.path("users").get(0).path("user").path("token").asText());
    }

    @Test
    void tokenComesFromFlagThenEnvironmentThenConfig(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".shoal"));
        Files.writeString(home.resolve(".shoal/config"), "server=c:3\ntoken=from-config\n");
        CliEnvironment env = new CliEnvironment(Map.of("SHOAL_TOKEN", "from-env"), home, System.in,
                java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream(), java.time.Clock.systemUTC());
        CliEnvironment noEnv = new CliEnvironment(Map.of(), home, System.in,
                java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream(), java.time.Clock.systemUTC());
        assertEquals("from-flag", token(Cli.run(env, "config", "view", "--kubeconfig", "--token", "from-flag")));
        assertEquals("from-env", token(Cli.run(env, "config", "view", "--kubeconfig")));
        assertEquals("from-config", token(Cli.run(noEnv, "config", "view", "--kubeconfig")));
        Cli.Result plain = Cli.run(noEnv, "config", "view");
        assertTrue(plain.out().contains("servers: http://c:3"), plain.out());
        assertFalse(plain.out().contains("from-config"), "the plain view never prints the token: " + plain.out());
    }

    /** With a CA the servers become https and the kubeconfig stands alone: CA and client certificate as data. */
    @Test
    void tlsSettingsGoIntoTheKubeconfigAsData(@TempDir Path home) throws Exception {
        Path ca = Files.writeString(home.resolve("ca.crt"), "CA PEM");
        Path crt = Files.writeString(home.resolve("me.crt"), "CERT PEM");
        Path key = Files.writeString(home.resolve("me.key"), "KEY PEM");
        Files.createDirectories(home.resolve(".shoal"));
        Files.writeString(home.resolve(".shoal/config"), "client-key=" + key + "\n");
        CliEnvironment env = new CliEnvironment(Map.of("SHOAL_CA", ca.toString()), home, System.in,
                java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream(), java.time.Clock.systemUTC());
        Cli.Result r = Cli.run(env, "config", "view", "--kubeconfig", "--server", "a:1,http://b:2", "--client-certificate", crt.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode k = Json.YAML.readTree(r.out());
        JsonNode cluster = k.path("clusters").get(0).path("cluster");
        assertEquals("https://a:1", cluster.path("server").asText(), "a bare host:port is https once a CA is given");
        assertEquals("http://b:2", k.path("clusters").get(1).path("cluster").path("server").asText(), "an explicit scheme stays");
        assertEquals("CA PEM", decode(cluster.path("certificate-authority-data")));
        assertEquals("CERT PEM", decode(k.path("users").get(0).path("user").path("client-certificate-data")));
        assertEquals("KEY PEM", decode(k.path("users").get(0).path("user").path("client-key-data")));

        Cli.Result half = Cli.run(env, "config", "view", "--kubeconfig", "--client-certificate", crt.toString(),
                "--client-key", home.resolve("missing.key").toString());
        assertEquals(1, half.exit());
        assertTrue(half.err().contains("missing.key: no such file"), half.err());
    }

    private static String decode(JsonNode base64) {
        return new String(java.util.Base64.getDecoder().decode(base64.asText()), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String token(Cli.Result r) throws Exception {
        assertEquals(0, r.exit(), r.err());
        return Json.YAML.readTree(r.out()).path("users").get(0).path("user").path("token").asText();
    }
}
