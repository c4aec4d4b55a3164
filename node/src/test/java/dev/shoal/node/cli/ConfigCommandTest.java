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

    private static String token(Cli.Result r) throws Exception {
        assertEquals(0, r.exit(), r.err());
        return Json.YAML.readTree(r.out()).path("users").get(0).path("user").path("token").asText();
    }
}
