package dev.shoal.node.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the CLI reads from the world besides its arguments, gathered so tests can supply their own.
 *
 * @param env   environment variables ({@code SHOAL_SERVER}, {@code SHOAL_TOKEN})
 * @param home  the user's home directory, where {@code .shoal/config} may be
 * @param stdin read by {@code apply -f -}
 * @param clock for ages in tables and descriptions
 */
public record CliEnvironment(Map<String, String> env, Path home, InputStream stdin, Clock clock) {
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), System.in, Clock.systemUTC());
    }
}
