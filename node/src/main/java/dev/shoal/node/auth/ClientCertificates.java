package dev.shoal.node.auth;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' x509 authenticator: a client certificate that chains to a trusted CA names the user
 * in its CN and the groups in its O attributes ({@code CN=jane, O=dev, O=system:masters}).
 *
 * <p>The TLS layer asks for a certificate but accepts any (so a wrong one is a 401 with a reason,
 * not a failed handshake); the chain is checked here, with PKIX, against the cluster CA or
 * {@code --client-ca-file}, at the request's time, and the leaf must allow client authentication.
 * Pure and in memory: safe on the event loop.
 */
public final class ClientCertificates {
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_PURPOSE = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    public ClientCertificates(List<X509Certificate> trusted, Clock clock) {
        if (trusted.isEmpty()) throw new IllegalArgumentException("no CA to trust client certificates from");
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate c : trusted) a.add(new TrustAnchor(c, null));
        this.anchors = Set.copyOf(a);
        this.clock = clock;
    }

    /** The user a presented chain (leaf first) proves, or why it proves nothing. */
    public Authenticator.Result authenticate(List<X509Certificate> chain) {
        if (chain.isEmpty()) return new Authenticator.Result.Invalid("no client certificate");
        X509Certificate leaf = chain.get(0);
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);  // Kubernetes has no revocation either: keep client certificates short-lived
            params.setDate(Date.from(clock.instant()));
            // a self-signed anchor sent along with the chain is not part of the path
            List<X509Certificate> path = new ArrayList<>(chain);
            while (path.size() > 1 && isSelfSigned(path.get(path.size() - 1))) path.remove(path.size() - 1);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_PURPOSE)) {
                return new Authenticator.Result.Invalid("the client certificate is not for client authentication");
            }
        } catch (GeneralSecurityException e) {
            return new Authenticator.Result.Invalid("the client certificate is not trusted: " + e.getMessage());
        }
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        String user = first(subject.getRDNs(BCStyle.CN));
        if (user.isEmpty()) return new Authenticator.Result.Invalid("the client certificate has no common name (CN) to use as the user");
        List<String> groups = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(BCStyle.O)) groups.add(text(rdn.getFirst().getValue()));
        return new Authenticator.Result.Authenticated(UserInfo.authenticated(user, "", groups));
    }

    private static String first(RDN[] rdns) {
        return rdns.length == 0 ? "" : text(rdns[0].getFirst().getValue());
    }

    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
    }

    private static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) return false;
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
