package dev.shoal.node.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the CLI in-process against a chosen server, capturing stdout, stderr and the exit code. */
final class Cli {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    record Result(int exit, String out, String err) {}

    private Cli() {}

    static Result run(String server, String... args) {
        return runWithStdin(server, "", args);
    }

    static Result runWithStdin(String server, String stdin, String... args) {
        return run(environment(Map.of("SHOAL_SERVER", server), stdin), args);
    }

    static CliEnvironment environment(Map<String, String> env, String stdin) {
        return new CliEnvironment(env, Path.of("/nonexistent-home"),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Result run(CliEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ShoalCommand.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
