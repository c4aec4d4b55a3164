package dev.shoal.node.cli;

import dev.shoal.node.tls.ApiTls;
import dev.shoal.node.tls.KeyAndCert;
import dev.shoal.node.tls.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * How the CLI speaks TLS, kubectl's flags: whom it trusts ({@code --certificate-authority}; none:
 * the JVM's roots) and who it is ({@code --client-certificate}, {@code --client-key}). Hostnames
 * are always verified; only {@code --insecure-skip-tls-verify} turns verification off, and it
 * says so loudly.
 *
 * @param ca         PEM CA file; null: the system's trusted roots
 * @param clientCert PEM client certificate; with clientKey, or neither
 * @param skipVerify trust any server (kubectl's --insecure-skip-tls-verify)
 */
record ClientTls(Path ca, Path clientCert, Path clientKey, boolean skipVerify) {
    static final ClientTls NONE = new ClientTls(null, null, null, false);

    ClientTls {
        if ((clientCert == null) != (clientKey == null)) {
            throw new CliException("--client-certificate and --client-key go together: give both or neither");
        }
    }

    /** Anything set: then a bare host:port means https. */
    boolean configured() {
        return ca != null || clientCert != null || skipVerify;
    }

    String defaultScheme() {
        return configured() ? "https" : "http";
    }

    /** The context for the JDK's HttpClient; null: the JDK's default (system roots, no client certificate). */
    SSLContext sslContext() {
        if (!configured()) return null;
        KeyAndCert identity = null;
        if (clientCert != null) {
            try {
                identity = new KeyAndCert(Pem.readPrivateKey(clientKey), Pem.readCertificates(clientCert));
            } catch (IOException | IllegalArgumentException e) {
                throw new CliException("--client-certificate/--client-key: " + reason(e));
            }
        }
        if (skipVerify) return trustingAnything(identity);
        if (ca == null) return systemRoots(identity);
        try {
            return ApiTls.clientContext(Pem.readCertificates(ca), identity);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("--certificate-authority: " + reason(e));
        }
    }

    /** The CA file's PEM, base64, for a kubeconfig's certificate-authority-data. */
    String caData() {
        return ca == null ? null : base64(ca, "--certificate-authority");
    }

    String clientCertData() {
        return clientCert == null ? null : base64(clientCert, "--client-certificate");
    }

    String clientKeyData() {
        return clientKey == null ? null : base64(clientKey, "--client-key");
    }

    /**
     * What to tell the user when the TLS handshake with {@code peer} failed: a server the CLI does
     * not trust is never a reason to try the next peer (it may be an impostor), so this ends the command.
     */
    CliException failure(String peer, SSLException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        String hint;
        if (why.contains("plaintext") || why.contains("Unsupported or unrecognized SSL message")) {
            hint = "the server does not speak TLS (an agent in --insecure-dev mode?): use http://" + peer;
        } else if (ca == null) {
            hint = "no --certificate-authority given, so only the JVM's trusted roots were tried; give the cluster's CA"
                    + " (an agent's <data-dir>/ca.crt) with --certificate-authority, SHOAL_CA or certificate-authority= in ~/.shoal/config";
        } else {
            hint = "the server's certificate does not chain to " + ca + ", or does not name " + peer.replaceFirst(":\\d+$", "");
        }
        return new CliException("TLS with " + peer + " failed: " + why + "; " + hint);
    }

    private static SSLContext systemRoots(KeyAndCert identity) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            javax.net.ssl.KeyManager[] keys = null;
            if (identity != null) keys = ApiTls.keyManagers(identity);
            ctx.init(keys, null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new CliException("cannot set up TLS: " + e.getMessage());
        }
    }

    private static SSLContext trustingAnything(KeyAndCert identity) {
        // the JDK's HttpClient checks the hostname against the certificate even with this trust manager
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(identity == null ? null : ApiTls.keyManagers(identity), new TrustManager[]{new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new CliException("cannot set up TLS: " + e.getMessage());
        }
    }

    private static String base64(Path file, String flag) {
        try {
            return Base64.getEncoder().encodeToString(Files.readString(file, StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new CliException(flag + ": " + reason(e) + " (" + file + ")");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException n) return n.getFile() + ": no such file";
        if (e instanceof java.nio.file.AccessDeniedException a) return a.getFile() + ": permission denied";
        return String.valueOf(e.getMessage());
    }
}
