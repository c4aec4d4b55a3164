package dev.shoal.node.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that answers canned Kubernetes JSON per "METHOD path?query" and
 * records every request, so tests can assert exactly what went over the wire.
 */
final class FakeApi implements AutoCloseable {
    /** One request as received; {@code query} is the raw (still encoded) query or "". */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        /** "GET /api/v1/namespaces/default/pods?labelSelector=app%3Dweb" */
        String target() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query);
        }

        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            }
            return null;
        }
    }

    /** A canned answer; the warnings become {@code Warning: 299 - "..."} headers. */
    record Reply(int status, String body, List<String> warnings) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Reply>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers {@code target} with these replies in turn; the last one repeats. */
    FakeApi on(String target, int status, String body, String... warnings) {
        routes.computeIfAbsent(target, t -> new ArrayDeque<>()).add(new Reply(status, body, List.of(warnings)));
        return this;
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<String> targets() {
        List<String> out = new ArrayList<>();
        requests.forEach(r -> out.add(r.target()));
        return out;
    }

    static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    /** A port nothing listens on: bound once to get a free number, then released. */
    static int deadPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), query,
                Map.copyOf(ex.getRequestHeaders()), body);
        requests.add(request);
        Reply reply = next(request.target());
        for (String w : reply.warnings()) ex.getResponseHeaders().add("Warning", "299 - \"" + w + "\"");
        ex.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private synchronized Reply next(String target) {
        Deque<Reply> replies = routes.get(target);
        if (replies == null) return new Reply(404, status(404, "NotFound", "fake: no route for " + target), List.of());
        return replies.size() > 1 ? replies.poll() : replies.peek();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
