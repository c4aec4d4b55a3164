package dev.shoal.node.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS for one agent's API: what its server presents and asks for, and what it trusts when it
 * calls another agent itself (log forwarding, exec relay). TLS 1.2 and 1.3 only, the JDK's
 * provider.
 *
 * <p>The server asks every client for a certificate signed by one of {@link #clientCas()} but
 * requires none and accepts any at the handshake: the certificate is checked per request by
 * {@code auth.ClientCertificates}, so a client with a wrong one gets a 401 naming why, or is
 * still let in by its bearer token, as in Kubernetes.
 */
public final class ApiTls {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SslContext server;
    private final SSLContext peers;
    private final List<X509Certificate> clientCas;

    /**
     * @param serving   this node's key and certificate chain
     * @param clientCas who may sign client certificates
     * @param peerTrust what another agent's serving certificate must chain to
     */
    public ApiTls(KeyAndCert serving, List<X509Certificate> clientCas, List<X509Certificate> peerTrust) {
        this.clientCas = List.copyOf(clientCas);
        try {
            this.server = SslContextBuilder.forServer(serving.key(), serving.chain().toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new AskAnyClient(this.clientCas))
                    .build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot serve TLS with the certificate "
                    + serving.cert().getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
        this.peers = clientContext(peerTrust, null);
    }

    /** Netty's context for the API's connections. */
    public SslContext serverContext() {
        return server;
    }

    /** For the calls this agent makes to other agents' APIs. */
    public SSLContext peerContext() {
        return peers;
    }

    public List<X509Certificate> clientCas() {
        return clientCas;
    }

    /** The first handler of an API connection: TLS, or a plain-HTTP request answered with a 400 and closed. */
    public ChannelHandler newHandler() {
        return new PlainHttpRefusal(server);
    }

    /** What the client presented on this connection, leaf first; empty without TLS or certificate. */
    public static List<X509Certificate> clientChain(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) return List.of();
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : ssl.engine().getSession().getPeerCertificates()) {
                if (c instanceof X509Certificate x) chain.add(x);
            }
            return chain;
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    /**
     * A client's context: trusts only {@code trusted} (no system roots; hostnames are verified by
     * the HTTP client), and presents {@code identity} when the server asks; null: no certificate.
     */
    public static SSLContext clientContext(List<X509Certificate> trusted, KeyAndCert identity) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trusted.size(); i++) trust.setCertificateEntry("ca-" + i, trusted.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(identity == null ? null : keyManagers(identity), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build a TLS client context: " + e.getMessage(), e);
        }
    }

    /** Presents {@code identity} to servers that ask for a client certificate. */
    public static KeyManager[] keyManagers(KeyAndCert identity) throws GeneralSecurityException {
        try {
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", identity.key(), none, identity.chain().toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            return kmf.getKeyManagers();
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Names the CAs in the certificate request (clients pick a matching certificate), verifies nothing itself. */
    private static final class AskAnyClient extends X509ExtendedTrustManager {
        private final X509Certificate[] issuers;

        AskAnyClient(List<X509Certificate> issuers) {
            this.issuers = issuers.toArray(X509Certificate[]::new);
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server-side trust manager");
        }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override public X509Certificate[] getAcceptedIssuers() {
            return issuers.clone();
        }
    }

}
