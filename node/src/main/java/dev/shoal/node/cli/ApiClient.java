package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.node.cli.Peers.Peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Kubernetes REST calls to whichever listed peer answers.
 *
 * <p>Failover rule: a request moves to the next peer only when the current one gave no HTTP answer
 * at all (refused, unknown host, timed out, connection dropped). Any HTTP answer, 4xx and 5xx
 * included, is the cluster's answer and is returned as is: every agent serves the same state, so
 * asking another would only repeat the question. The last peer that answered is tried first next
 * time, so one dead peer costs one connect attempt per command, not per request.
 *
 * <p>TLS: the servers' certificates must chain to the CA in {@link ClientTls} and name the host
 * dialled. A failed handshake is not "no answer": a peer that cannot prove it is the cluster may
 * be an impostor, and trying the next one would hide that, so the command ends there with what
 * went wrong ({@link ClientTls#failure}).
 *
 * <p>Error answers become {@link ApiException}s built from the Kubernetes Status body; API warnings
 * ({@code Warning: 299} headers) go to the {@code warnings} sink as they arrive. A 429 with
 * {@code Retry-After} is waited out and repeated a few times (see {@link RetryAfter}). Not thread-safe
 * (the CLI is single-threaded).
 */
final class ApiClient {
    /** A live peer accepts within milliseconds even on a busy machine; a dead one costs at most this before failover. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** A successful HTTP answer: status code and body. */
    record Response(int status, String body) {}

    private final HttpClient http;
    private final List<Peer> peers;
    private final String token;
    private final Duration requestTimeout;
    private final Consumer<String> warnings;
    private final ClientTls tls;
    private int preferred;

    ApiClient(List<Peer> peers, String token, Duration requestTimeout, Consumer<String> warnings) {
        this(peers, token, requestTimeout, warnings, ClientTls.NONE);
    }

    /** @param requestTimeout how long to wait for a peer's answer; {@link Duration#ZERO} waits forever */
    ApiClient(List<Peer> peers, String token, Duration requestTimeout, Consumer<String> warnings, ClientTls tls) {
        this.peers = List.copyOf(peers);
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.warnings = warnings;
        this.tls = tls;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        SSLContext ssl = tls.sslContext();
        if (ssl != null) b.sslContext(ssl);
        this.http = b.build();
    }

    /** The peer that will be tried first: the last one that answered. */
    String currentPeer() {
        return peers.get(preferred).display();
    }

    ObjectNode get(String path) {
        return object(send("GET", path, null, null));
    }

    ObjectNode post(String path, ObjectNode body) {
        return object(send("POST", path, "application/json", body));
    }

    ObjectNode put(String path, ObjectNode body) {
        return object(send("PUT", path, "application/json", body));
    }

    ObjectNode patch(String path, String contentType, ObjectNode body) {
        return object(send("PATCH", path, contentType, body));
    }

    ObjectNode delete(String path, ObjectNode body) {
        return object(send("DELETE", path, "application/json", body));
    }

    /** One request, failing over between peers; a non-2xx answer throws {@link ApiException}. */
    Response send(String method, String pathAndQuery, String contentType, JsonNode body) {
        HttpResponse<String> r = exchange(method, pathAndQuery, contentType, body, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw StatusErrors.fromResponse(r.statusCode(), r.body());
        return new Response(r.statusCode(), r.body());
    }

    /**
     * A watch: the lines of a newline-delimited JSON stream, read as they arrive. The caller must
     * close the stream. Failover applies only to opening it.
     */
    Stream<String> lines(String pathAndQuery) {
        HttpResponse<InputStream> r = exchange("GET", pathAndQuery, null, null, HttpResponse.BodyHandlers.ofInputStream());
        try {
            if (r.statusCode() / 100 != 2) {
                try (InputStream in = r.body()) {
                    throw StatusErrors.fromResponse(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
            return reader.lines().onClose(() -> {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new CliException("reading the watch failed: " + e.getMessage());
        }
    }

    /**
     * A WebSocket ({@code exec}), with the same failover rule: the next peer only when this one
     * gave no HTTP answer. A refused handshake is the cluster's answer, thrown as {@link ApiException}
     * from its Status. The request timeout bounds the handshake only; the socket then lives as
     * long as the caller keeps it.
     */
    WebSocket webSocket(String pathAndQuery, List<String> subprotocols, WebSocket.Listener listener) {
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            int index = (preferred + i) % peers.size();
            Peer peer = peers.get(index);
            WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
            if (token != null && !token.isEmpty()) b.header("Authorization", "Bearer " + token);
            URI uri = URI.create(peer.base().toString().replaceFirst("^http", "ws") + pathAndQuery);
            try {
                CompletableFuture<WebSocket> opening = b.buildAsync(uri, listener);
                WebSocket ws = requestTimeout.isZero() ? opening.get()
                        : opening.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
                preferred = index;
                return ws;
            } catch (ExecutionException e) {
                SSLException tlsFailed = sslFailure(e);
                if (tlsFailed != null) throw tls.failure(peer.display(), tlsFailed);
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    preferred = index;
                    Object body = refused.getResponse().body();
                    throw StatusErrors.fromResponse(refused.getResponse().statusCode(), body instanceof String text ? text : "");
                }
                tried.add(peer.display());  // no HTTP answer from this peer: another may answer
            } catch (TimeoutException e) {
                tried.add(peer.display());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            }
        }
        throw new PeersUnreachableException(tried);
    }

    private <T> HttpResponse<T> exchange(String method, String pathAndQuery, String contentType, JsonNode body,
                                         HttpResponse.BodyHandler<T> handler) {
        byte[] bytes = body == null ? null : toBytes(body);
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            int index = (preferred + i) % peers.size();
            Peer peer = peers.get(index);
            try {
                HttpResponse<T> response = http.send(request(peer, method, pathAndQuery, contentType, bytes), handler);
                for (int retries = 0; ; retries++) {
                    // the agent's rate limit: wait as told and ask the same peer again (see RetryAfter)
                    var wait = RetryAfter.delay(response.statusCode(), response.headers().firstValue("Retry-After"), retries);
                    if (wait.isEmpty()) break;
                    if (response.body() instanceof java.io.Closeable c) c.close();
                    Thread.sleep(wait.get().toMillis());
                    response = http.send(request(peer, method, pathAndQuery, contentType, bytes), handler);
                }
                preferred = index;
                WarningHeaders.texts(response.headers().allValues("Warning")).forEach(warnings);
                return response;
            } catch (IOException e) {
                SSLException tlsFailed = sslFailure(e);
                if (tlsFailed != null) throw tls.failure(peer.display(), tlsFailed);
                // no HTTP answer from this peer: whatever happened, another peer may answer
                tried.add(peer.display());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            }
        }
        throw new PeersUnreachableException(tried);
    }

    private HttpRequest request(Peer peer, String method, String pathAndQuery, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(peer.base() + pathAndQuery))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null && body != null) b.header("Content-Type", contentType);
        if (token != null && !token.isEmpty()) b.header("Authorization", "Bearer " + token);
        if (!requestTimeout.isZero()) b.timeout(requestTimeout);
        return b.build();
    }

    /** The TLS failure somewhere in {@code e}'s causes, or null if it is not one. */
    private static SSLException sslFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) return ssl;
        }
        return null;
    }

    private static byte[] toBytes(JsonNode body) {
        try {
            return Json.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode object(Response r) {
        if (r.body() == null || r.body().isBlank()) return Json.object();
        try {
            JsonNode n = Json.JSON.readTree(r.body());
            if (n instanceof ObjectNode o) return o;
        } catch (IOException e) {
            // fall through
        }
        throw new CliException("the server answered with something other than a JSON object");
    }
}
