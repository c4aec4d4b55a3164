package dev.shoal.node.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's security flags: dev mode only on loopback, files that must exist. */
class AgentCommandTest {
    private static AgentSettings settings(String... args) throws Exception {
        AgentCommand cmd = new AgentCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.settings();
    }

    @Test
    void authIsOnByDefault() throws Exception {
        AgentSettings s = settings("--bind", "127.0.0.5");
        assertFalse(s.auth().insecureDev());
    }

    @Test
    void devModeOnlyOnLoopback() throws Exception {
        assertTrue(settings("--bind", "127.0.0.5", "--insecure-dev").auth().insecureDev());
        var e = assertThrows(CommandLine.ParameterException.class, () -> settings("--bind", "192.0.2.3", "--insecure-dev"));
        assertEquals("--insecure-dev: refused, the API would listen on 192.0.2.3, which is not a loopback address;"
                + " dev mode lets anyone who reaches the API act as cluster-admin", e.getMessage());
    }

    @Test
    void tokenAndBindingsFilesMustBeReadable(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.csv"), "t,alice,1\n");
        assertEquals(tokens, settings("--bind", "127.0.0.5", "--token-auth-file", tokens.toString()).auth().tokenFile());
        var e = assertThrows(CommandLine.ParameterException.class,
                () -> settings("--bind", "127.0.0.5", "--authorization-file", dir.resolve("missing").toString()));
        assertEquals(dir.resolve("missing") + ": no such readable file", e.getMessage());
    }

    @Test
    void unreadableTlsFilesAreRefusedNamingTheFlagAndFile(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("tls.crt"), "not PEM");
        var e = assertThrows(CommandLine.ParameterException.class,
                () -> settings("--bind", "127.0.0.5", "--tls-cert-file", junk.toString(), "--tls-private-key-file", junk.toString()));
        assertTrue(e.getMessage().startsWith("--tls-cert-file " + junk + ": "), e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class,
                () -> settings("--bind", "127.0.0.5", "--client-ca-file", dir.resolve("nope").toString()));
        assertEquals("--client-ca-file " + dir.resolve("nope") + ": no such file", e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> settings("--bind", "127.0.0.5", "--tls-cert-file", junk.toString()));
        assertTrue(e.getMessage().contains("go together"), e.getMessage());
        assertTrue(settings("--bind", "127.0.0.5").auth().tlsEnabled(), "TLS by default");
        assertTrue(!settings("--bind", "127.0.0.5", "--insecure-dev").auth().tlsEnabled(), "dev mode: plain HTTP on loopback");
    }

    @Test
    void clusterAllowTakesCidrsAndNamesABadOne() throws Exception {
        var allow = settings("--bind", "127.0.0.5", "--cluster-allow", "192.0.2.0/24,127.0.0.5").clusterAllow();
        assertTrue(allow.allows("192.0.2.77"));
        assertTrue(!allow.allows("198.51.100.1"));
        assertTrue(settings("--bind", "127.0.0.5").clusterAllow().allowsAny(), "none given: any address with the secret");
        var e = assertThrows(CommandLine.ParameterException.class, () -> settings("--bind", "127.0.0.5", "--cluster-allow", "192.0.2.0/40"));
        assertEquals("--cluster-allow: 192.0.2.0/40: the prefix length must be from 0 to 32", e.getMessage());
    }
}
