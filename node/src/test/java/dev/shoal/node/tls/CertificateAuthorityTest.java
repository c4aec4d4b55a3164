package dev.shoal.node.tls;

import org.junit.jupiter.api.Test;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What kubectl's Go TLS and the JDK demand of the cluster CA and what it issues. */
class CertificateAuthorityTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final CertificateAuthority CA = CertificateAuthority.generate("shoal-ca", CLOCK);

    @Test
    void theCaIsACaForTenYears() {
        X509Certificate c = CA.certificate();
        assertTrue(c.getBasicConstraints() >= 0, "basicConstraints CA:true");
        assertTrue(c.getKeyUsage()[5], "keyCertSign");
        assertTrue(c.getCriticalExtensionOIDs().contains("2.5.29.19"), "basicConstraints is critical");
        assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
        assertEquals("EC", c.getPublicKey().getAlgorithm());
        assertEquals(NOW.plus(CertificateAuthority.CA_VALIDITY), c.getNotAfter().toInstant());
        assertTrue(c.getNotBefore().toInstant().isBefore(NOW), "backdated for clock skew");
    }

    @Test
    void aServingCertificateChainsToTheCaAndNamesItsAddressesInTheSan() throws Exception {
        KeyAndCert serving = CA.issueServer("node-1", List.of("127.0.0.2", "node-1", "localhost", "127.0.0.1", "::1"), CLOCK,
                CertificateAuthority.LEAF_VALIDITY);
        X509Certificate leaf = serving.cert();
        validate(serving.chain(), CA.certificate(), NOW);
        List<String> sans = new ArrayList<>();
        for (List<?> san : leaf.getSubjectAlternativeNames()) sans.add(san.get(0) + ":" + san.get(1));
        assertTrue(sans.containsAll(List.of("7:127.0.0.2", "2:node-1", "2:localhost", "7:127.0.0.1")), sans.toString());
        assertTrue(sans.stream().anyMatch(s -> s.startsWith("7:0:0:0:0:0:0:0:1")), "IPv6 loopback as an IP SAN: " + sans);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage(), "serverAuth");
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        assertEquals(NOW.plus(Duration.ofDays(365)), leaf.getNotAfter().toInstant());
        assertEquals(CA.certificate(), serving.chain().get(1), "the chain carries the CA after the leaf");
        assertTrue(CertificateAuthority.matches(serving.key(), leaf));
    }

    @Test
    void aClientCertificateCarriesTheUserAsCnAndGroupsAsO() throws Exception {
        X509Certificate c = CA.issueClient("jane", List.of("dev", "system:masters"), CLOCK, Duration.ofHours(1)).cert();
        String dn = c.getSubjectX500Principal().getName();
        assertTrue(dn.contains("CN=jane") && dn.contains("O=dev") && dn.contains("O=system:masters"), dn);
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), c.getExtendedKeyUsage(), "clientAuth");
        assertEquals(NOW.plus(Duration.ofHours(1)), c.getNotAfter().toInstant());
    }

    @Test
    void nothingOutlivesTheCaAndExpiredCertificatesDoNotValidate() throws Exception {
        Instant late = NOW.plus(CertificateAuthority.CA_VALIDITY).minus(Duration.ofDays(1));
        KeyAndCert c = CA.issueServer("n", List.of("127.0.0.1"), Clock.fixed(late, ZoneOffset.UTC), Duration.ofDays(365));
        assertEquals(CA.certificate().getNotAfter(), c.cert().getNotAfter());
        KeyAndCert shortLived = CA.issueClient("x", List.of(), CLOCK, Duration.ofHours(1));
        assertThrows(java.security.cert.CertPathValidatorException.class,
                () -> validate(shortLived.chain(), CA.certificate(), NOW.plus(Duration.ofHours(2))));
    }

    @Test
    void anotherCasCertificatesDoNotValidate() {
        CertificateAuthority other = CertificateAuthority.generate("shoal-ca", CLOCK);
        KeyAndCert c = other.issueServer("n", List.of("127.0.0.1"), CLOCK, Duration.ofDays(1));
        assertThrows(java.security.cert.CertPathValidatorException.class, () -> validate(c.chain(), CA.certificate(), NOW));
    }

    @Test
    void pemRoundTripsAndAKeyMustBelongToItsCertificate() {
        KeyAndCert ca = CA.keyAndCert();
        X509Certificate cert = Pem.parseCertificates(Pem.certificate(ca.cert())).get(0);
        assertEquals(ca.cert(), cert);
        CertificateAuthority again = new CertificateAuthority(new KeyAndCert(Pem.parsePrivateKey(Pem.privateKey(ca.key())), cert));
        assertEquals(CA.certificate(), again.certificate());
        CertificateAuthority other = CertificateAuthority.generate("x", CLOCK);
        var e = assertThrows(IllegalArgumentException.class, () -> new CertificateAuthority(new KeyAndCert(other.keyAndCert().key(), cert)));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        KeyAndCert leaf = CA.issueClient("u", List.of(), CLOCK, Duration.ofDays(1));
        e = assertThrows(IllegalArgumentException.class, () -> new CertificateAuthority(leaf));
        assertTrue(e.getMessage().contains("is not a CA"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pem.parsePrivateKey("nothing here"));
        assertThrows(IllegalArgumentException.class, () -> Pem.parseCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    }

    @Test
    void ipAddressesAreToldFromNames() {
        assertTrue(CertificateAuthority.isIpAddress("192.0.2.1"));
        assertTrue(CertificateAuthority.isIpAddress("::1"));
        assertFalse(CertificateAuthority.isIpAddress("node-1.example"));
    }

    static void validate(List<X509Certificate> chain, X509Certificate ca, Instant at) throws Exception {
        PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        p.setRevocationEnabled(false);
        p.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 1)), p);
    }
}
