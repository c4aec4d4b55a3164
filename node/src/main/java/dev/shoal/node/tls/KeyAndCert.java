package dev.shoal.node.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and the certificate chain that goes with it, leaf first.
 *
 * @param chain never empty; {@code chain.get(0)} certifies {@code key}'s public half
 */
public record KeyAndCert(PrivateKey key, List<X509Certificate> chain) {
    public KeyAndCert {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) throw new IllegalArgumentException("no certificate");
    }

    public KeyAndCert(PrivateKey key, X509Certificate cert) {
        this(key, List.of(cert));
    }

    public X509Certificate cert() {
        return chain.get(0);
    }
}
