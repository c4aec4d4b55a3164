package dev.shoal.node.agent;

import dev.shoal.node.auth.ClusterAuth;
import dev.shoal.node.auth.ClusterCa;
import dev.shoal.node.auth.UserInfo;
import dev.shoal.node.tls.CertificateAuthority;
import dev.shoal.node.tls.KeyAndCert;
import dev.shoal.node.tls.Pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What the first agent of a new cluster hands its operator, in its data directory, each file
 * written once and readable by its owner only: next to the admin token ({@code admin.token}), an
 * admin client certificate ({@code admin.crt}, {@code admin.key}: CN=admin, O=system:masters) and
 * a {@code kubeconfig} holding both with the CA and this agent's https address, so
 * {@code kubectl --kubeconfig DATA/kubeconfig} works at once. Then it prints how to use them.
 * {@code Agent} picks the one agent that does this.
 */
final class FirstAdmin {
    private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());
    static final String CERT_FILE = "admin.crt";
    static final String KEY_FILE = "admin.key";
    static final String KUBECONFIG_FILE = "kubeconfig";

    private FirstAdmin() {}

    /**
     * @param serverCa what clients must trust to reach this agent: the cluster CA, or the operator's
     *                 certificate's issuer; empty: the system's roots
     * @param ca       the cluster CA: it issues the admin client certificate
     * @param token    the admin token this agent minted just now, if it did
     */
    static void handOut(Path dataDir, String server, Optional<X509Certificate> serverCa, CertificateAuthority ca,
                        Optional<String> token, Clock clock) throws IOException {
        KeyAndCert admin = ca.issueClient(ClusterAuth.ADMIN_USER, List.of(UserInfo.MASTERS), clock, CertificateAuthority.LEAF_VALIDITY);
        ClusterAuth.writeOwnerOnly(dataDir.resolve(KEY_FILE), Pem.privateKey(admin.key()));
        ClusterAuth.writeOwnerOnly(dataDir.resolve(CERT_FILE), Pem.certificate(admin.cert()));
        Path kubeconfig = dataDir.resolve(KUBECONFIG_FILE);
        ClusterAuth.writeOwnerOnly(kubeconfig, kubeconfig(server, "shoal-admin", serverCa, Optional.of(admin), token));
        LOG.info("wrote the admin client certificate and kubeconfig " + kubeconfig);
        System.out.println(announcement(dataDir, server, true, token.isPresent()));
    }

    /** One cluster, one user (token and/or client certificate), one context, all named shoal. */
    static String kubeconfig(String server, String userName, Optional<X509Certificate> ca, Optional<KeyAndCert> cert,
                             Optional<String> token) {
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: v1\nkind: Config\nclusters:\n- name: shoal\n  cluster:\n");
        y.append("    server: ").append(server).append('\n');
        ca.ifPresent(c -> y.append("    certificate-authority-data: ").append(base64(Pem.certificate(c))).append('\n'));
        y.append("users:\n- name: \"").append(userName).append("\"\n  user:\n");
        token.ifPresent(t -> y.append("    token: ").append(t).append('\n'));
        cert.ifPresent(c -> y.append("    client-certificate-data: ").append(base64(Pem.certificate(c.cert()))).append('\n')
                .append("    client-key-data: ").append(base64(Pem.privateKey(c.key()))).append('\n'));
        if (token.isEmpty() && cert.isEmpty()) y.append("    {}\n");
        y.append("contexts:\n- name: shoal\n  context:\n    cluster: shoal\n    user: \"" + userName + "\"\n    namespace: default\n");
        y.append("current-context: shoal\npreferences: {}\n");
        return y.toString();
    }

    private static String announcement(Path dir, String server, boolean cert, boolean token) {
        String d = dir.toString();
        StringBuilder t = new StringBuilder("\n==> This is a new Shoal cluster. Its API speaks TLS (" + server + "); the certificates chain to the"
                + " cluster CA in " + d + "/" + ClusterCa.CERT_FILE + ".\n    Admin credentials (user \"" + ClusterAuth.ADMIN_USER
                + "\", group " + UserInfo.MASTERS + "), written once, readable by their owner only:\n");
        if (token) t.append("      ").append(d).append('/').append(ClusterAuth.ADMIN_TOKEN_FILE).append("   a bearer token\n");
        if (cert) t.append("      ").append(d).append('/').append(CERT_FILE).append(", ").append(KEY_FILE).append("   a client certificate\n");
        t.append("      ").append(d).append('/').append(KUBECONFIG_FILE).append("   for kubectl, with the CA and this agent's address:\n");
        t.append("        kubectl --kubeconfig ").append(d).append('/').append(KUBECONFIG_FILE).append(" get nodes\n");
        t.append("    With the shoal CLI:\n");
        String credentials = token ? "export SHOAL_TOKEN=\"$(cat " + d + "/" + ClusterAuth.ADMIN_TOKEN_FILE + ")\" "
                : "export SHOAL_CLIENT_CERTIFICATE=" + d + "/" + CERT_FILE + " SHOAL_CLIENT_KEY=" + d + "/" + KEY_FILE + " ";
        t.append("      ").append(credentials).append("SHOAL_SERVER=").append(server).append(" SHOAL_CA=").append(d).append('/')
                .append(ClusterCa.CERT_FILE).append('\n');
        t.append("      ./shoal get nodes\n");
        t.append("      ./shoal config view --kubeconfig > shoal.kubeconfig   # a kubeconfig for every server in SHOAL_SERVER\n");
        return t.toString();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
