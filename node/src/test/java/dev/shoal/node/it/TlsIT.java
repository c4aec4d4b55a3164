package dev.shoal.node.it;

import dev.shoal.node.cli.Cli;
import dev.shoal.node.cli.CliEnvironment;
import dev.shoal.node.tls.ApiTls;
import dev.shoal.node.tls.CertificateAuthority;
import dev.shoal.node.tls.KeyAndCert;
import dev.shoal.node.tls.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, "TLS on: the CLI and kubectl work with the printed kubeconfig; a client that does not
 * trust the CA is refused", and client certificates. Two agents with authentication on (so TLS on,
 * the default): the first makes the cluster CA, both serve certificates from it; the shoal CLI and
 * stock kubectl work against both with the CA they were given; clients that do not trust it, and
 * plain HTTP, are refused; the admin client certificate is cluster-admin, a CA-issued certificate
 * for a viewer can read but not write, and a certificate from another CA is a 401. Logs and exec
 * forwarded between TLS agents are in AuthIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsIT {
    static final int API = 18343;
    static final int CLUSTER = 18301;
    static final Duration CONVERGE = Duration.ofSeconds(60);

    private TestCluster cluster;
    private Path work;
    private Path ca;
    private Path minter;
    private String admin;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("shoal-tls-it");
        Path bindings = Files.writeString(work.resolve("bindings"), "view,user:viewer\n");
        List<String> args = List.of(AgentProcess.WITH_AUTH, "--authorization-file", bindings.toString());
        cluster = TestCluster.create("TlsIT", "tls-", API, CLUSTER, List.of(args, args)).start();
        ca = cluster.agent(0).caFile().toAbsolutePath();
        List<Path> minted = new ArrayList<>();
        for (AgentProcess a : cluster.agents()) if (Files.exists(a.dataDir().resolve("kubeconfig"))) minted.add(a.dataDir());
        assertEquals(1, minted.size(), "exactly one agent hands out the first admin credentials: " + minted);
        minter = minted.get(0).toAbsolutePath();
        admin = Files.readString(minter.resolve("admin.token")).strip();
        Await.until(CONVERGE, "2 Ready nodes, read with the admin token", () ->
                shoal(Map.of("SHOAL_CA", ca.toString()), "--server", cluster.agent(1).server(), "--token", admin, "get", "nodes").out()
                        .lines().filter(l -> l.contains(" Ready ")).count() == 2 ? Boolean.TRUE : null);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void everyAgentKeepsTheSameCaOwnerOnlyAndServesACertificateForItsAddress() throws Exception {
        byte[] first = Files.readAllBytes(cluster.agent(0).caFile());
        for (AgentProcess a : cluster.agents()) {
            assertArrayEquals(first, Files.readAllBytes(a.caFile()), a.name() + " keeps the cluster's CA");
            for (String f : List.of("ca.crt", "ca.key")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.dataDir().resolve(f))), a.name() + " " + f);
            }
            X509Certificate served = servedCertificate(a);
            List<String> sans = new ArrayList<>();
            for (List<?> san : served.getSubjectAlternativeNames()) sans.add(String.valueOf(san.get(1)));
            assertTrue(sans.containsAll(List.of(a.address(), "localhost", "127.0.0.1")), a.name() + ": " + sans);
            served.verify(Pem.readCertificates(ca).get(0).getPublicKey());
        }
        for (String f : List.of("admin.token", "admin.crt", "admin.key", "kubeconfig")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(minter.resolve(f))), f);
        }
        String log = Files.readString(Path.of("target", "it-logs", minter.getFileName() + ".log"));
        assertTrue(log.contains("kubectl --kubeconfig " + cluster.agents().stream().filter(a -> a.dataDir().toAbsolutePath().equals(minter))
                .findFirst().orElseThrow().dataDir().resolve("kubeconfig")), "the agent prints how to use its kubeconfig:\n" + log);
    }

    /** (a) The shoal CLI, given the CA, reads and writes through both agents, with the token or the admin certificate. */
    @Test
    @Order(2)
    void theCliWorksWithTheCaAgainstBothAgents() throws Exception {
        Path manifest = Files.writeString(work.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: by-cli}\n");
        for (AgentProcess a : cluster.agents()) {
            Cli.Result r = shoal(Map.of("SHOAL_CA", ca.toString(), "SHOAL_TOKEN", admin), "--server", a.server(), "get", "nodes");
            assertEquals(0, r.exit(), a.name() + ": " + r);
            assertTrue(r.out().contains("tls-1") && r.out().contains("tls-2"), r.toString());
        }
        Cli.Result r = shoal(Map.of(), "--server", cluster.agent(1).server(), "--certificate-authority", ca.toString(),
                "--client-certificate", minter.resolve("admin.crt").toString(), "--client-key", minter.resolve("admin.key").toString(),
                "apply", "-f", manifest.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("namespace/by-cli created"), r.toString());
        // the printed kubeconfig names every server, https, with the CA as data
        r = shoal(Map.of("SHOAL_CA", ca.toString(), "SHOAL_TOKEN", admin),
                "--server", cluster.agent(0).server() + "," + cluster.agent(1).server(), "config", "view", "--kubeconfig");
        assertTrue(r.out().contains("server: \"" + cluster.agent(1).baseUrl() + "\"") || r.out().contains("server: " + cluster.agent(1).baseUrl()), r.out());
        assertTrue(r.out().contains("certificate-authority-data"), r.out());
    }

    /** (b) Stock kubectl with the kubeconfig the agent wrote, against both agents. */
    @Test
    @Order(3)
    void kubectlWorksWithTheAgentsKubeconfig() throws Exception {
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Path kubeconfig = minter.resolve("kubeconfig");
        Path manifest = Files.writeString(work.resolve("ns2.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: by-kubectl}\n");
        for (AgentProcess a : cluster.agents()) {
            Kubectl.Result k = Kubectl.run(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--server", a.baseUrl(),
                    "--request-timeout=20s", "get", "nodes"));
            assertEquals(0, k.code(), a.name() + ": " + k.output());
            assertTrue(k.output().contains("tls-1") && k.output().contains("tls-2"), k.output());
        }
        Kubectl.Result k = Kubectl.run(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--server", cluster.agent(1).baseUrl(),
                "--request-timeout=20s", "apply", "-f", manifest.toString()));
        assertEquals(0, k.code(), k.output());
        assertTrue(k.output().contains("namespace/by-kubectl created"), k.output());
    }

    /** (c) Clients that do not trust the cluster CA: the JVM's default trust store, kubectl without CA data, the CLI without CA. */
    @Test
    @Order(4)
    void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        HttpClient jdkDefault = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(cluster.agent(0).baseUrl() + "/version")).timeout(Duration.ofSeconds(10)).build();
        IOException e = assertThrows(IOException.class, () -> jdkDefault.send(req, HttpResponse.BodyHandlers.ofString()));
        assertTrue(e instanceof SSLHandshakeException, "a TLS error: " + e);

        Cli.Result r = shoal(Map.of("SHOAL_TOKEN", admin), "--server", "https://" + cluster.agent(0).server() + ",https://" + cluster.agent(1).server(),
                "get", "nodes");
        assertEquals(1, r.exit(), "a TLS failure ends the command (no failover to the next peer): " + r);
        assertTrue(r.err().contains("TLS with " + cluster.agent(0).server() + " failed") && r.err().contains("--certificate-authority"), r.err());
        Path otherCa = Files.writeString(work.resolve("other-ca.crt"),
                Pem.certificate(CertificateAuthority.generate("shoal-ca", Clock.systemUTC()).certificate()));
        r = shoal(Map.of("SHOAL_TOKEN", admin, "SHOAL_CA", otherCa.toString()), "--server", cluster.agent(1).server(), "get", "nodes");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("does not chain to " + otherCa), r.err());

        if (Kubectl.installed()) {
            Path noCa = Files.writeString(work.resolve("no-ca.kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - {name: shoal, cluster: {server: "%s"}}
                    users:
                    - {name: admin, user: {token: "%s"}}
                    contexts:
                    - {name: shoal, context: {cluster: shoal, user: admin}}
                    current-context: shoal
                    """.formatted(cluster.agent(0).baseUrl(), admin));
            Kubectl.Result k = Kubectl.run(List.of("kubectl", "--kubeconfig", noCa.toString(), "--request-timeout=20s", "get", "nodes"));
            assertTrue(k.code() != 0 && k.output().contains("x509"), "kubectl refuses an unknown authority: " + k.output());
        }
    }

    /** (d) Plain HTTP to the TLS port: Go's answer, 400 "Client sent an HTTP request to an HTTPS server.", and the connection closed. */
    @Test
    @Order(5)
    void plainHttpIsRefused() throws Exception {
        Http.Reply r = Http.send("POST", "http://" + cluster.agent(0).server() + "/api/v1/namespaces",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"over-http\"}}", "application/json");
        assertEquals(400, r.status(), r.body());
        assertEquals("Client sent an HTTP request to an HTTPS server.\n", r.body());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(cluster.agent(1).address(), API), 2000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);  // to EOF: the server closed
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request"), answer);
            assertFalse(answer.contains("NamespaceList"), answer);
        }
        assertEquals(404, admin(cluster.agent(1), "GET", "/api/v1/namespaces/over-http", null).statusCode(), "nothing was created");
    }

    /** (e) Client certificates: the admin's is cluster-admin, a viewer's reads but cannot write, another CA's is a 401. */
    @Test
    @Order(6)
    void clientCertificatesAuthenticateAsCnAndO() throws Exception {
        KeyAndCert adminCert = new KeyAndCert(Pem.readPrivateKey(minter.resolve("admin.key")), Pem.readCertificates(minter.resolve("admin.crt")));
        String ns = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}";
        for (AgentProcess a : cluster.agents()) {
            assertEquals(200, call(a, adminCert, "GET", "/api/v1/namespaces", null).statusCode(), a.name());
        }
        assertEquals(201, call(cluster.agent(1), adminCert, "POST", "/api/v1/namespaces", ns.formatted("by-cert")).statusCode());

        // a certificate for CN=viewer, issued on a node that holds the CA, as kubeadm kubeconfig user would
        Path viewerPrefix = work.resolve("viewer");
        assertEquals(0, new CommandLine(new dev.shoal.node.agent.CertificateCommand())
                .execute("issue", "--data-dir", cluster.agent(1).dataDir().toString(), "--user", "viewer", "--out", viewerPrefix.toString()));
        KeyAndCert viewer = new KeyAndCert(Pem.readPrivateKey(Path.of(viewerPrefix + ".key")), Pem.readCertificates(Path.of(viewerPrefix + ".crt")));
        assertEquals(200, call(cluster.agent(0), viewer, "GET", "/api/v1/namespaces", null).statusCode());
        HttpResponse<String> denied = call(cluster.agent(0), viewer, "POST", "/api/v1/namespaces", ns.formatted("by-viewer"));
        assertEquals(403, denied.statusCode(), denied.body());
        assertTrue(denied.body().contains("User \\\"viewer\\\" cannot create resource \\\"namespaces\\\""), denied.body());

        // the same CN and O from a CA the cluster does not know: not trusted, so a 401 even where anonymous may read
        CertificateAuthority stranger = CertificateAuthority.generate("shoal-ca", Clock.systemUTC());
        KeyAndCert forged = stranger.issueClient("admin", List.of("system:masters"), Clock.systemUTC(), Duration.ofHours(1));
        assertEquals(401, call(cluster.agent(0), forged, "GET", "/api/v1/namespaces", null).statusCode());
        assertEquals(401, call(cluster.agent(1), forged, "GET", "/version", null).statusCode());

        if (Kubectl.installed()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandLine cmd = new CommandLine(new dev.shoal.node.agent.CertificateCommand());
            cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
            assertEquals(0, cmd.execute("issue", "--data-dir", cluster.agent(0).dataDir().toString(), "--user", "viewer",
                    "--server", cluster.agent(1).baseUrl()));
            Path kc = Files.write(work.resolve("viewer.kubeconfig"), out.toByteArray());
            Kubectl.Result k = Kubectl.run(List.of("kubectl", "--kubeconfig", kc.toString(), "--request-timeout=20s", "get", "namespaces"));
            assertEquals(0, k.code(), k.output());
            assertTrue(k.output().contains("by-cert"), k.output());
            Path manifest = Files.writeString(work.resolve("ns3.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: by-viewer}\n");
            k = Kubectl.run(List.of("kubectl", "--kubeconfig", kc.toString(), "--request-timeout=20s", "apply", "-f", manifest.toString()));
            assertTrue(k.code() != 0 && k.output().contains("User \"viewer\" cannot"), k.output());
        }
    }

    /** What a new TLS connection costs (TCP connect and a full handshake, no resumption), for the closing note. */
    @Test
    @Order(7)
    void handshakeCost() throws Exception {
        SSLContext ctx = ApiTls.clientContext(Pem.readCertificates(ca), null);
        int n = 50;
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(cluster.agent(0).address(), API), 2000);
                s.setSoTimeout(5000);
                s.startHandshake();
                s.getSession().invalidate();  // never resumed: every handshake is a full one
            }
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        java.util.Arrays.sort(micros);
        System.out.println("TlsIT: TLS " + n + " fresh handshakes to " + cluster.agent(0).server() + ": median "
                + micros[n / 2] / 1000.0 + " ms, p90 " + micros[n * 9 / 10] / 1000.0 + " ms");
    }

    // --- helpers ---

    private X509Certificate servedCertificate(AgentProcess a) throws Exception {
        SSLContext ctx = ApiTls.clientContext(Pem.readCertificates(ca), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress(a.address(), API), 2000);
            s.setSoTimeout(5000);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private HttpResponse<String> admin(AgentProcess a, String method, String path, String body) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(ApiTls.clientContext(Pem.readCertificates(ca), null)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(a.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + admin)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with only a client certificate, which is always sent (whatever CAs the server names). */
    private HttpResponse<String> call(AgentProcess a, KeyAndCert identity, String method, String path, String body) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        X509KeyManager keys = (X509KeyManager) ApiTls.keyManagers(identity)[0];
        ctx.init(new javax.net.ssl.KeyManager[]{new AlwaysPresent(keys)}, trustCa(), null);
        HttpClient c = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(a.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private javax.net.ssl.TrustManager[] trustCa() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", Pem.readCertificates(ca).get(0));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /** Sends its one certificate even when the server names other CAs (the JDK's own key manager would then send none). */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager keys;

        AlwaysPresent(X509KeyManager keys) {
            this.keys = keys;
        }

        @Override public String[] getClientAliases(String keyType, Principal[] issuers) { return new String[]{"client"}; }
        @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) { return "client"; }
        @Override public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) { return "client"; }
        @Override public String[] getServerAliases(String keyType, Principal[] issuers) { return null; }
        @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) { return null; }
        @Override public X509Certificate[] getCertificateChain(String alias) { return keys.getCertificateChain(alias); }
        @Override public PrivateKey getPrivateKey(String alias) { return keys.getPrivateKey(alias); }
    }

    /** The real CLI in this JVM, with its own environment and an empty home. */
    private Cli.Result shoal(Map<String, String> env, String... args) {
        return Cli.runAsTyped(new CliEnvironment(new HashMap<>(env), work.resolve("empty-home"),
                new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), OutputStream.nullOutputStream(),
                Clock.systemUTC()), args);
    }
}
