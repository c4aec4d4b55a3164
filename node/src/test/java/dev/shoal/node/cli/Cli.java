package dev.shoal.node.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Runs the CLI in-process against a chosen server, capturing stdout, stderr and the exit code.
 * Public for the integration tests, which run the real CLI (its code, its HTTP client) the same way.
 */
public final class Cli {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    public record Result(int exit, String out, String err) {}

    /** The same, byte for byte: what exec passes through. */
    record Raw(int exit, byte[] out, byte[] err) {
        Result text() {
            return new Result(exit, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        }
    }

    private Cli() {}

    static Result run(String server, String... args) {
        return runWithStdin(server, "", args);
    }

    static Result runWithStdin(String server, String stdin, String... args) {
        return run(environment(Map.of("SHOAL_SERVER", server), stdin), args);
    }

    static CliEnvironment environment(Map<String, String> env, String stdin) {
        return new CliEnvironment(env, Path.of("/nonexistent-home"),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public static Result run(CliEnvironment environment, String... args) {
        return runRaw(environment, args).text();
    }

    /** As a user types it: {@code shoal apply -f x} or {@code shoal -f x apply}, as {@link CliMain} accepts. */
    public static Result runAsTyped(CliEnvironment environment, String... args) {
        return run(environment, CliMain.withVerbFirst(args));
    }

    /** Text and raw output land in one buffer per stream, in the order they were written, as on a terminal. */
    static Raw runRaw(CliEnvironment environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = ShoalCommand.commandLine(environment.withOutput(out, err));
        PrintWriter outText = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errText = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        cli.setOut(outText);
        cli.setErr(errText);
        int exit = cli.execute(args);
        outText.flush();
        errText.flush();
        return new Raw(exit, out.toByteArray(), err.toByteArray());
    }
}
