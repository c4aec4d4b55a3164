package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code shoal config}: the client's own settings. */
@Command(name = "config", description = "Show the client's settings.", mixinStandardHelpOptions = true,
        subcommands = ConfigCommand.View.class)
final class ConfigCommand extends CommandGroup {

    /**
     * {@code shoal config view}: where the CLI would send requests and whether it has a token; with
     * {@code --kubeconfig}, the same as a kubeconfig for stock kubectl (token included).
     */
    @Command(name = "view", mixinStandardHelpOptions = true,
            description = {"Show the servers and the token the CLI would use (from --server/--token, SHOAL_SERVER/SHOAL_TOKEN"
                    + " or ~/.shoal/config).",
                    "--kubeconfig prints them as a kubeconfig: kubectl --kubeconfig FILE get pods. It holds the token and the CA"
                            + " (and client certificate and key, if given) as data: keep it private."},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
    static final class View extends ClientCommand {
        @Option(names = "--kubeconfig", description = "Print a kubeconfig: one cluster and context per server, the first current.")
        boolean kubeconfig;

        @Override
        public Integer call() {
            List<Peers.Peer> peers = options.peers(environment());
            String token = options.token(environment());
            ClientTls tls = options.tls(environment());
            if (kubeconfig) {
                out().print(ObjectOutput.yaml(kubeconfig(peers, token, tls, options.namespaceGiven() ? options.namespace() : "")));
            } else {
                out().println("servers: " + String.join(",", peers.stream().map(p -> p.base().toString()).toList()));
                out().println("token: " + (token == null ? "(none)" : "(set, " + token.length() + " characters; --kubeconfig prints it)"));
                out().println("certificate-authority: " + (tls.skipVerify() ? "(none: --insecure-skip-tls-verify)"
                        : tls.ca() == null ? "(the JVM's trusted roots)" : tls.ca()));
                if (tls.clientCert() != null) out().println("client-certificate: " + tls.clientCert() + ", key " + tls.clientKey());
            }
            out().flush();
            return ExitCodes.OK;
        }

        /** Contexts {@code shoal}, {@code shoal-2}, ...: kubectl speaks to one server at a time; switch with --context. */
        static ObjectNode kubeconfig(List<Peers.Peer> peers, String token, String namespace) {
            return kubeconfig(peers, token, ClientTls.NONE, namespace);
        }

        /** The CA and client certificate go in as data (kubectl's *-data fields), so the file stands alone. */
        static ObjectNode kubeconfig(List<Peers.Peer> peers, String token, ClientTls tls, String namespace) {
            ObjectNode k = Json.object();
            k.put("apiVersion", "v1");
            k.put("kind", "Config");
            ArrayNode clusters = k.putArray("clusters");
            ArrayNode contexts = k.putArray("contexts");
            for (int i = 0; i < peers.size(); i++) {
                String name = i == 0 ? "shoal" : "shoal-" + (i + 1);
                ObjectNode cluster = clusters.addObject().put("name", name).putObject("cluster");
                cluster.put("server", peers.get(i).base().toString());
                if (tls.skipVerify()) cluster.put("insecure-skip-tls-verify", true);
                else if (tls.ca() != null) cluster.put("certificate-authority-data", tls.caData());
                ObjectNode ctx = contexts.addObject().put("name", name).putObject("context");
                ctx.put("cluster", name).put("user", "shoal");
                if (!namespace.isEmpty()) ctx.put("namespace", namespace);
            }
            k.put("current-context", "shoal");
            ObjectNode user = k.putArray("users").addObject().put("name", "shoal").putObject("user");
            if (token != null) user.put("token", token);
            if (tls.clientCert() != null) {
                user.put("client-certificate-data", tls.clientCertData());
                user.put("client-key-data", tls.clientKeyData());
            }
            k.putObject("preferences");
            return k;
        }
    }
}
