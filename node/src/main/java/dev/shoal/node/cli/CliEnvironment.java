package dev.shoal.node.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the CLI reads from the world besides its arguments, gathered so tests can supply their own.
 *
 * @param env   environment variables ({@code SHOAL_SERVER}, {@code SHOAL_TOKEN})
 * @param home  the user's home directory, where {@code .shoal/config} may be
 * @param stdin  read by {@code apply -f -} and {@code exec -i}
 * @param stdout where {@code exec} copies a remote command's stdout byte for byte; text output goes
 *               through picocli's writer, which wraps the same stream
 * @param stderr the same for stderr
 * @param clock  for ages in tables and descriptions
 */
public record CliEnvironment(Map<String, String> env, Path home, InputStream stdin, OutputStream stdout, OutputStream stderr,
                             Clock clock) {
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), System.in, System.out, System.err,
                Clock.systemUTC());
    }

    /** The same environment writing to other streams. */
    public CliEnvironment withOutput(OutputStream out, OutputStream err) {
        return new CliEnvironment(env, home, stdin, out, err, clock);
    }
}
