package dev.shoal.node.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Option(names = "--certificate-authority", paramLabel = "FILE",
            description = "The CA (PEM) the servers' certificates must chain to, e.g. an agent's <data-dir>/ca.crt; given,"
                    + " a bare host:port means https. Default: $SHOAL_CA, else certificate-authority= in ~/.shoal/config.")
    Path certificateAuthority;

    @Option(names = "--client-certificate", paramLabel = "FILE",
            description = "A client certificate (PEM) to authenticate with. Default: $SHOAL_CLIENT_CERTIFICATE, else client-certificate= in ~/.shoal/config.")
    Path clientCertificate;

    @Option(names = "--client-key", paramLabel = "FILE",
            description = "Its private key (PEM). Default: $SHOAL_CLIENT_KEY, else client-key= in ~/.shoal/config.")
    Path clientKey;

    @Option(names = "--insecure-skip-tls-verify",
            description = "INSECURE: accept any server certificate; anyone on the path can read your token and answer for the cluster.")
    boolean insecureSkipTlsVerify;

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
        return Peers.resolve(server, environment.env(), environment.home(), tls(environment).defaultScheme());
    }

    /** Each setting on its own, first found wins: the flag, the environment, {@code ~/.shoal/config}. */
    ClientTls tls(CliEnvironment environment) {
        return new ClientTls(file(certificateAuthority, "SHOAL_CA", "certificate-authority", environment),
                file(clientCertificate, "SHOAL_CLIENT_CERTIFICATE", "client-certificate", environment),
                file(clientKey, "SHOAL_CLIENT_KEY", "client-key", environment), insecureSkipTlsVerify);
    }

    private static Path file(Path flag, String env, String configKey, CliEnvironment environment) {
        if (flag != null) return flag;
        String v = environment.env().get(env);
        if (v == null || v.isBlank()) v = Peers.fromConfig(environment.home(), configKey);
        return v == null || v.isBlank() ? null : Path.of(v.strip());
    }

    ApiClient client(CliEnvironment environment, PrintWriter err) {
        ClientTls tls = tls(environment);
        if (tls.skipVerify()) {
            err.println("WARNING: --insecure-skip-tls-verify: the server's certificate is NOT checked; anyone between you and"
                    + " the cluster can read your credentials and answer in its place.");
            err.flush();
        }
        return new ApiClient(peers(environment), token(environment), requestTimeout,
                text -> {
                    err.println("Warning: " + text);
                    err.flush();
                }, tls);
    }
}
