package dev.shoal.node.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The cluster's certificate authority: a self-signed CA certificate and its key, and what it
 * signs: each node's serving certificate and users' client certificates. Pure (no files, no
 * cluster); {@code auth.ClusterCa} decides which CA a cluster has.
 *
 * <p>What Go's TLS (kubectl) insists on, and so every certificate here has: names only in the
 * subjectAltName (the CN is not looked at), the serverAuth or clientAuth extended key usage, and a
 * CA with basicConstraints CA:true and keyCertSign. Keys are EC P-256 (what kubeadm uses for
 * ECDSA clusters: fast handshakes, small certificates); signatures SHA256withECDSA, made by the
 * JDK's provider (BouncyCastle only builds the certificates).
 */
public final class CertificateAuthority {
    /** kubeadm's CA lifetime: outlives any cluster that is not rebuilt. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** kubeadm's leaf lifetime. A node's serving certificate is issued anew each time its agent starts. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    /** Backdating, so a peer whose clock is a little behind still accepts a certificate made just now. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final String SIGNATURE = "SHA256withECDSA";

    private final KeyAndCert ca;

    /** @throws IllegalArgumentException not a CA certificate, or the key is not its key */
    public CertificateAuthority(KeyAndCert ca) {
        X509Certificate c = ca.cert();
        if (c.getBasicConstraints() < 0) throw new IllegalArgumentException("the certificate " + c.getSubjectX500Principal() + " is not a CA (basicConstraints CA:false)");
        if (!matches(ca.key(), c)) throw new IllegalArgumentException("the private key does not belong to the CA certificate " + c.getSubjectX500Principal());
        this.ca = ca;
    }

    /** A new CA named {@code commonName}, valid from now for {@link #CA_VALIDITY}. */
    public static CertificateAuthority generate(String commonName, Clock clock) {
        KeyPair pair = newKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(CLOCK_SKEW)),
                    Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(new KeyAndCert(pair.getPrivate(), sign(b, pair.getPrivate())));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not make a CA certificate", e);
        }
    }

    public KeyAndCert keyAndCert() {
        return ca;
    }

    public X509Certificate certificate() {
        return ca.cert();
    }

    /**
     * A serving certificate for one node's API.
     * @param names DNS names and IP addresses (told apart by their shape) the node is reached by
     */
    public KeyAndCert issueServer(String commonName, List<String> names, Clock clock, Duration validity) {
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names.stream().distinct().toList()) {
            sans.add(new GeneralName(isIpAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return issue(subject, KeyPurposeId.id_kp_serverAuth, new GeneralNames(sans.toArray(GeneralName[]::new)), clock, validity);
    }

    /**
     * A client certificate for {@code user} in {@code groups}: Kubernetes reads the CN as the user
     * name and each O as a group.
     */
    public KeyAndCert issueClient(String user, List<String> groups, Clock clock, Duration validity) {
        if (user == null || user.isBlank()) throw new IllegalArgumentException("a client certificate needs a user name");
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (String g : groups) subject.addRDN(BCStyle.O, g);
        subject.addRDN(BCStyle.CN, user);
        return issue(subject.build(), KeyPurposeId.id_kp_clientAuth, null, clock, validity);
    }

    private KeyAndCert issue(X500Name subject, KeyPurposeId purpose, GeneralNames sans, Clock clock, Duration validity) {
        KeyPair pair = newKeyPair();
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(ca.cert().getNotAfter().toInstant())) notAfter = ca.cert().getNotAfter().toInstant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert(), serial(), Date.from(now.minus(CLOCK_SKEW)),
                    Date.from(notAfter), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.cert()))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            if (sans != null) b.addExtension(Extension.subjectAlternativeName, false, sans);
            return new KeyAndCert(pair.getPrivate(), List.of(sign(b, ca.key()), ca.cert()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not issue a certificate for " + subject, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    /** Random, positive, 127 bits: CAs must not issue predictable serials (CA/Browser Forum: at least 64 bits). */
    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    /** Whether {@code key} signs what {@code cert}'s public key verifies. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        try {
            String alg = key.getAlgorithm().equals("EC") ? SIGNATURE : "SHA256with" + key.getAlgorithm();
            byte[] probe = "shoal".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static boolean isIpAddress(String s) {
        return s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
