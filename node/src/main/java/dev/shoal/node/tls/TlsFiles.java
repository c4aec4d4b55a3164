package dev.shoal.node.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Operator-supplied TLS material for the API, Kubernetes' flag names. All null: the node's serving
 * certificate is issued by the cluster CA.
 *
 * @param certFile     {@code --tls-cert-file}: PEM, the node's certificate first, then any intermediates
 * @param keyFile      {@code --tls-private-key-file}: its PEM private key (unencrypted)
 * @param clientCaFile {@code --client-ca-file}: PEM CAs whose client certificates authenticate, besides the cluster CA's
 */
public record TlsFiles(Path certFile, Path keyFile, Path clientCaFile) {
    public static final TlsFiles NONE = new TlsFiles(null, null, null);

    public TlsFiles {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("--tls-cert-file and --tls-private-key-file go together: give both or neither");
        }
    }

    public boolean operatorCertificate() {
        return certFile != null;
    }

    /** The operator's serving key and chain; a message names the flag and the file. */
    public KeyAndCert serving() {
        List<X509Certificate> chain = read("--tls-cert-file", certFile);
        java.security.PrivateKey key;
        try {
            key = Pem.readPrivateKey(keyFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-private-key-file " + keyFile + ": " + reason(e));
        }
        if (!CertificateAuthority.matches(key, chain.get(0))) {
            throw new IllegalArgumentException("--tls-private-key-file " + keyFile + ": not the key of the certificate in " + certFile);
        }
        return new KeyAndCert(key, chain);
    }

    public List<X509Certificate> clientCas() {
        return clientCaFile == null ? List.of() : read("--client-ca-file", clientCaFile);
    }

    /** Loads everything once, so bad files stop the agent before it joins anything. */
    public void check() {
        if (certFile != null) serving();
        clientCas();
    }

    private static List<X509Certificate> read(String flag, Path file) {
        try {
            return Pem.readCertificates(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + file + ": " + reason(e));
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        String m = e.getMessage();
        return m != null && m.startsWith("/") && m.contains(": ") ? m.substring(m.indexOf(": ") + 2) : String.valueOf(m);
    }
}
