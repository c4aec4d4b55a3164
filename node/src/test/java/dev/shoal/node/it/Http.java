package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A tiny JSON-over-HTTP client for tests: status code and parsed body of one call. Over https it
 * trusts the CAs registered with {@link #trust} (each TLS agent's cluster CA, once it is ready) and
 * nothing else; hostnames are verified.
 */
public final class Http {
    private static final Set<X509Certificate> TRUSTED = ConcurrentHashMap.newKeySet();
    private static final SSLContext SSL = sslContext();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(SSL).build();

    /** From now on, servers whose certificates chain to {@code caFile}'s are trusted. */
    public static void trust(Path caFile) {
        TRUSTED.addAll(dev.shoal.node.tls.Pem.parseCertificates(read(caFile)));
    }

    /** The context this class's client uses, for tests that build their own clients. */
    public static SSLContext registeredCas() {
        return SSL;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SSLContext sslContext() {
        X509ExtendedTrustManager registered = new X509ExtendedTrustManager() {
            private void check(X509Certificate[] chain) throws CertificateException {
                try {
                    Set<TrustAnchor> anchors = new HashSet<>();
                    TRUSTED.forEach(c -> anchors.add(new TrustAnchor(c, null)));
                    if (anchors.isEmpty()) throw new CertificateException("no CA registered with Http.trust");
                    PKIXParameters p = new PKIXParameters(anchors);
                    p.setRevocationEnabled(false);
                    CertPathValidator.getInstance("PKIX").validate(
                            CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain[0])), p);
                } catch (java.security.GeneralSecurityException e) {
                    throw new CertificateException(e.getMessage(), e);
                }
            }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain); }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { check(chain); }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { check(chain); }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("client side"); }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { throw new CertificateException("client side"); }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { throw new CertificateException("client side"); }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{registered}, null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Reply(int status, String body) {
        public JsonNode json() {
            try {
                return Json.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Http() {}

    public static Reply get(String url) { return send("GET", url, null, null); }
    public static Reply post(String url, String json) { return send("POST", url, json, "application/json"); }
    public static Reply put(String url, String json) { return send("PUT", url, json, "application/json"); }
    public static Reply delete(String url) { return send("DELETE", url, null, null); }

    public static Reply send(String method, String url, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
