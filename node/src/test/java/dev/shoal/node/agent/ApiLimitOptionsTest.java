package dev.shoal.node.agent;

import dev.shoal.node.server.ApiLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The agent's API limit flags. */
class ApiLimitOptionsTest {
    private static AgentSettings settings(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bind";
        all[1] = "127.0.0.5";
        System.arraycopy(args, 0, all, 2, args.length);
        AgentCommand cmd = new AgentCommand();
        new CommandLine(cmd).parseArgs(all);
        return cmd.settings();
    }

    @Test
    void defaults() throws Exception {
        assertEquals(ApiLimits.DEFAULTS, settings().apiLimits());
        assertEquals(new ApiLimits(100, 200, Duration.ofSeconds(30)), ApiLimits.DEFAULTS);
    }

    @Test
    void flags() throws Exception {
        assertEquals(new ApiLimits(5, 10, Duration.ofSeconds(2)),
                settings("--api-rate-limit", "5", "--api-burst", "10", "--api-request-timeout", "2s").apiLimits());
        assertEquals(0, settings("--api-rate-limit", "0").apiLimits().rateLimit(), "0 turns the limit off");
    }

    @Test
    void nonsenseIsRefusedNamingTheFlag() {
        var e = assertThrows(CommandLine.ParameterException.class, () -> settings("--api-rate-limit", "-1"));
        assertEquals("--api-rate-limit: must be 0 (off) or more, not -1.0", e.getMessage()); // a rate may be fractional
        e = assertThrows(CommandLine.ParameterException.class, () -> settings("--api-burst", "0"));
        assertEquals("--api-burst: must be at least 1, not 0", e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> settings("--api-request-timeout", "0s"));
        assertEquals("--api-request-timeout: must be more than 0", e.getMessage());
    }
}
