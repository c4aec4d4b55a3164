package dev.shoal.node.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;

/** The options every client command takes: where the cluster is, who we are, and which namespace. */
final class ClientOptions {
    static final String DEFAULT_NAMESPACE = "default";

    @Option(names = "--server", paramLabel = "PEERS",
            description = "Comma-separated agents (host:port or URLs), tried in order until one answers."
                    + " Default: $SHOAL_SERVER, else server= in ~/.shoal/config, else " + Peers.DEFAULT + ".")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token. Default: $SHOAL_TOKEN, else token= in ~/.shoal/config.")
    String token;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace (default: default).")
    String namespace;

    // 30s rather than kubectl's "no limit": a frozen agent still accepts connections in its kernel
    // backlog but never answers, and only a deadline lets the CLI move on to the next peer.
    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = Durations.Converter.class,
            description = "How long to wait for a peer's answer before trying the next (0 = no limit). Default: ${DEFAULT-VALUE}.")
    Duration requestTimeout;

    String namespace() {
        return namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
    }

    /** Whether -n was given, so a manifest's own namespace can be checked against it. */
    boolean namespaceGiven() {
        return namespace != null && !namespace.isEmpty();
    }

    /** First found wins: {@code --token}, {@code $SHOAL_TOKEN}, {@code token=} in {@code ~/.shoal/config}; null: none. */
    String token(CliEnvironment environment) {
        String t = token;
        if (t == null || t.isBlank()) t = environment.env().get("SHOAL_TOKEN");
        if (t == null || t.isBlank()) t = Peers.fromConfig(environment.home(), "token");
        return t == null || t.isBlank() ? null : t.strip();
    }

    java.util.List<Peers.Peer> peers(CliEnvironment environment) {
        return Peers.resolve(server, environment.env(), environment.home());
    }

    ApiClient client(CliEnvironment environment, PrintWriter err) {
        return new ApiClient(peers(environment), token(environment), requestTimeout,
                text -> {
                    err.println("Warning: " + text);
                    err.flush();
                });
    }
}
