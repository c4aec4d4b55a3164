package dev.shoal.node.auth;

import dev.shoal.node.tls.CertificateAuthority;
import dev.shoal.node.tls.KeyAndCert;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kubernetes' x509 authenticator: CN is the user, each O a group; only the trusted CA's certificates count. */
class ClientCertificatesTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final CertificateAuthority CA = CertificateAuthority.generate("shoal-ca", CLOCK);
    static final ClientCertificates CERTS = new ClientCertificates(List.of(CA.certificate()), CLOCK);
    static final Authenticator TOKENS = new Authenticator(
            hash -> hash.equals(Tokens.hash("good")) ? Optional.of(UserInfo.authenticated("tok", "", List.of())) : Optional.empty(),
            Optional::empty);

    @Test
    void theAdminCertificateIsInSystemMasters() {
        KeyAndCert admin = CA.issueClient("admin", List.of(UserInfo.MASTERS), CLOCK, Duration.ofDays(1));
        UserInfo u = assertInstanceOf(Authenticator.Result.Authenticated.class, CERTS.authenticate(admin.chain())).user();
        assertEquals("admin", u.name());
        assertEquals(List.of(UserInfo.MASTERS, UserInfo.AUTHENTICATED), u.groups());
        // the leaf alone (clients often send no chain) works too
        assertInstanceOf(Authenticator.Result.Authenticated.class, CERTS.authenticate(List.of(admin.cert())));
    }

    @Test
    void groupsComeInOrderAndAUserWithoutGroupsIsJustAuthenticated() {
        UserInfo u = user(CA.issueClient("jane", List.of("dev", "ops"), CLOCK, Duration.ofDays(1)));
        assertEquals(List.of("dev", "ops", UserInfo.AUTHENTICATED), u.groups());
        assertEquals(List.of(UserInfo.AUTHENTICATED), user(CA.issueClient("viewer", List.of(), CLOCK, Duration.ofDays(1))).groups());
    }

    @Test
    void refused() {
        CertificateAuthority other = CertificateAuthority.generate("shoal-ca", CLOCK);
        invalid(other.issueClient("admin", List.of(UserInfo.MASTERS), CLOCK, Duration.ofDays(1)).chain(), "not trusted");
        invalid(List.of(other.certificate()), "not trusted");
        KeyAndCert expired = CA.issueClient("old", List.of(), Clock.fixed(NOW.minus(Duration.ofDays(2)), ZoneOffset.UTC), Duration.ofDays(1));
        invalid(expired.chain(), "not trusted");
        invalid(CA.issueServer("node-1", List.of("127.0.0.1"), CLOCK, Duration.ofDays(1)).chain(), "not for client authentication");
        invalid(List.of(), "no client certificate");
    }

    /** Kubernetes' union: a good certificate wins; a bad one yields to a token, and is a 401 alone. */
    @Test
    void aCertificateComesBeforeTheTokenAndABadOneYieldsToIt() {
        List<java.security.cert.X509Certificate> good = CA.issueClient("c", List.of(), CLOCK, Duration.ofDays(1)).chain();
        List<java.security.cert.X509Certificate> bad = CertificateAuthority.generate("x", CLOCK)
                .issueClient("c", List.of(), CLOCK, Duration.ofDays(1)).chain();
        assertEquals("c", name(TOKENS.authenticate("Bearer good", good, CERTS)));
        assertEquals("tok", name(TOKENS.authenticate("Bearer good", bad, CERTS)));
        assertInstanceOf(Authenticator.Result.Invalid.class, TOKENS.authenticate(null, bad, CERTS));
        assertInstanceOf(Authenticator.Result.Invalid.class, TOKENS.authenticate("Bearer wrong", bad, CERTS));
        assertEquals("system:anonymous", name(TOKENS.authenticate(null, List.of(), CERTS)));
        // without TLS there are no client certificates: the header alone decides
        assertEquals("system:anonymous", name(TOKENS.authenticate(null, good, null)));
    }

    private static String name(Authenticator.Result r) {
        return assertInstanceOf(Authenticator.Result.Authenticated.class, r).user().name();
    }

    private static UserInfo user(KeyAndCert c) {
        return assertInstanceOf(Authenticator.Result.Authenticated.class, CERTS.authenticate(c.chain())).user();
    }

    private static void invalid(List<java.security.cert.X509Certificate> chain, String why) {
        Authenticator.Result.Invalid r = assertInstanceOf(Authenticator.Result.Invalid.class, CERTS.authenticate(chain));
        assertTrue(r.why().contains(why), r.why());
    }
}
