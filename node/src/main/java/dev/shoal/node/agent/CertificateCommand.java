package dev.shoal.node.agent;

import dev.shoal.node.auth.ClusterAuth;
import dev.shoal.node.auth.ClusterCa;
import dev.shoal.node.cli.Durations;
import dev.shoal.node.tls.CertificateAuthority;
import dev.shoal.node.tls.KeyAndCert;
import dev.shoal.node.tls.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code shoal certificate issue}: a client certificate from the cluster CA, run on a machine that
 * holds it (any agent's data directory), like {@code kubeadm kubeconfig user}. The API authenticates
 * it as CN=user, O=each group; bind the user or a group to a role with --authorization-file.
 */
@Command(name = "certificate", mixinStandardHelpOptions = true, description = "Client certificates from the cluster CA.",
        subcommands = CertificateCommand.Issue.class)
public final class CertificateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = {"Issue a client certificate signed by the cluster CA in --data-dir (ca.crt, ca.key) and print it"
                    + " as a kubeconfig (CA, certificate and key as data), or write CERT and KEY files with --out.",
                    "Example: shoal certificate issue --data-dir /var/lib/shoal --user jane --group dev --server https://192.0.2.10:6443 > jane.kubeconfig"})
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "${env:SHOAL_DATA_DIR}",
                description = "An agent's data directory, holding the cluster CA (env SHOAL_DATA_DIR).")
        Path dataDir;

        @Option(names = "--user", required = true, description = "The user name (the certificate's CN).")
        String user;

        @Option(names = "--group", description = "A group (an O of the certificate); repeat for more. system:masters is cluster-admin.")
        List<String> groups = new ArrayList<>();

        @Option(names = "--valid-for", defaultValue = "8760h", converter = Durations.Converter.class,
                description = "How long the certificate is good for; there is no revocation, keep it short (default ${DEFAULT-VALUE}).")
        Duration validFor;

        @Option(names = "--server", defaultValue = "https://127.0.0.1:6443",
                description = "The API address written into the kubeconfig (default ${DEFAULT-VALUE}).")
        String server;

        @Option(names = "--out", paramLabel = "PREFIX",
                description = "Write PREFIX.crt and PREFIX.key (0600) instead of printing a kubeconfig.")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (dataDir == null) {
                spec.commandLine().getErr().println("error: --data-dir (or SHOAL_DATA_DIR): the data directory of an agent, which holds the cluster CA");
                return 2;
            }
            if (user.isBlank() || !user.chars().allMatch(c -> c > 0x20 && c != '"' && c != '\\' && c != 0x7f)) {
                spec.commandLine().getErr().println("error: --user: \"" + user + "\" must be non-empty, without spaces, quotes or backslashes");
                return 2;
            }
            Path certFile = dataDir.resolve(ClusterCa.CERT_FILE);
            Path keyFile = dataDir.resolve(ClusterCa.KEY_FILE);
            CertificateAuthority ca;
            try {
                ca = new CertificateAuthority(new KeyAndCert(Pem.readPrivateKey(keyFile), Pem.readCertificates(certFile).get(0)));
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("error: no usable cluster CA in " + dataDir + " (" + ClusterCa.CERT_FILE + ", "
                        + ClusterCa.KEY_FILE + "): " + (e instanceof java.nio.file.NoSuchFileException n ? n.getFile() + ": no such file" : e.getMessage()));
                return 1;
            }
            if (validFor.isZero() || validFor.isNegative()) {
                spec.commandLine().getErr().println("error: --valid-for must be more than 0");
                return 2;
            }
            KeyAndCert issued = ca.issueClient(user, groups, Clock.systemUTC(), validFor);
            if (out != null) {
                Path crt = Path.of(out + ".crt");
                Path key = Path.of(out + ".key");
                ClusterAuth.writeOwnerOnly(key, Pem.privateKey(issued.key()));
                Files.writeString(crt, Pem.certificate(issued.cert()), StandardCharsets.US_ASCII);
                spec.commandLine().getOut().println("wrote " + crt + " and " + key + " (CN=" + user
                        + groups.stream().map(g -> ", O=" + g).reduce("", String::concat) + ", until " + issued.cert().getNotAfter().toInstant() + ")");
            } else {
                spec.commandLine().getOut().print(FirstAdmin.kubeconfig(server, user, Optional.of(ca.certificate()), Optional.of(issued), Optional.empty()));
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
