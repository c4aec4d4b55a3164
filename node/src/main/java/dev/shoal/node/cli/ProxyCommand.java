package dev.shoal.node.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * {@code shoal proxy}: kubectl proxy's counterpart. Listens on a loopback address and forwards
 * every request to the cluster with this client's credentials (token, CA and client certificate:
 * {@link ClientTls}), failing over between peers like every other command: a tool that speaks
 * neither TLS nor tokens reaches the cluster through it. Responses stream (watches,
 * {@code logs -f}); connection upgrades (exec) are refused: use {@code shoal exec}.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Serve the cluster's API in plain HTTP on a loopback address, adding this client's credentials to every request:",
                "  shoal proxy &  curl http://127.0.0.1:8001/api/v1/pods"},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class ProxyCommand extends ClientCommand {
    /** Headers that describe one hop, not the request: never passed on (and the JDK client refuses most of them). */
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "transfer-encoding", "upgrade",
            "expect", "keep-alive", "te", "trailer", "authorization", "accept-encoding", "proxy-authorization");
    /** Requests in flight; each watch or follow holds one. */
    private static final int THREADS = 64;

    @Option(names = "--port", defaultValue = "8001", description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--address", defaultValue = "127.0.0.1",
            description = "Loopback address to listen on (default ${DEFAULT-VALUE}); anything else is refused.")
    String address;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (!InetAddress.getByName(address).isLoopbackAddress()) {
            throw new CliException("--address " + address + ": refused, not a loopback address; whoever reaches the proxy"
                    + " acts with this client's token");
        }
        List<Peers.Peer> peers = options.peers(environment());
        HttpServer server = serve(address, port, peers, options.token(environment()), options.tls(environment()));
        out().println("Starting to serve on " + address + ":" + server.getAddress().getPort()
                + " (to " + String.join(",", peers.stream().map(Peers.Peer::display).toList()) + ")");
        out().flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            stop.countDown();
        }));
        stop.await();
        return ExitCodes.OK;
    }

    /** Starts serving; the caller stops the server. */
    static HttpServer serve(String address, int port, List<Peers.Peer> peers, String token) throws IOException {
        return serve(address, port, peers, token, ClientTls.NONE);
    }

    /** @param tls how the agents are reached (the proxy itself listens in plain HTTP, on loopback by default, as kubectl proxy) */
    static HttpServer serve(String address, int port, List<Peers.Peer> peers, String token, ClientTls tls) throws IOException {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(ApiClient.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        javax.net.ssl.SSLContext ssl = tls.sslContext();
        if (ssl != null) client.sslContext(ssl);
        HttpClient http = client.build();
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.setExecutor(Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "shoal-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> forward(exchange, http, peers, token));
        server.start();
        return server;
    }

    private static void forward(HttpExchange exchange, HttpClient http, List<Peers.Peer> peers, String token) throws IOException {
        try (exchange) {
            // exec's WebSocket (or SPDY) cannot pass; an HTTP/2 offer (h2c, the JDK client's) is simply not taken up
            String upgrade = exchange.getRequestHeaders().getFirst("Upgrade");
            if (upgrade != null && !upgrade.equalsIgnoreCase("h2c")) {
                reply(exchange, 501, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"reason\":\"NotImplemented\",\"code\":501,\"message\":\"shoal proxy does not pass connection"
                        + " upgrades (exec); use shoal exec\"}");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            for (Peers.Peer peer : peers) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(peer.base() + exchange.getRequestURI().toString()))
                        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!HOP.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> b.header(name, v));
                });
                if (token != null) b.header("Authorization", "Bearer " + token);
                HttpResponse<InputStream> r;
                try {
                    r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                } catch (IOException unreachable) {
                    continue;  // no HTTP answer: the next peer may give one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                r.headers().map().forEach((name, values) -> {
                    if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(r.statusCode(), head ? -1 : 0);  // 0: chunked, streamed as it comes
                try (InputStream in = r.body(); OutputStream out = exchange.getResponseBody()) {
                    byte[] buf = new byte[16 * 1024];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                        out.flush();  // a watch event reaches the client when it happens
                    }
                }
                return;
            }
            reply(exchange, 503, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                    + "\"reason\":\"ServiceUnavailable\",\"code\":503,\"message\":\"no listed peer could be reached\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
