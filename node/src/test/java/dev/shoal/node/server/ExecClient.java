package dev.shoal.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A channel-protocol client for tests: connects, sends stdin, and records what comes back on each channel. */
final class ExecClient implements WebSocket.Listener {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private volatile String status;
    private int messages;
    /**
     * While set, no further message is requested once stdout holds this many bytes and stderr
     * something: a client that stopped reading (after the test learnt what it needs from stderr).
     */
    private long stallAtStdoutBytes = Long.MAX_VALUE;
    private boolean stalled;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket ws;

    /** Opens an exec; fails with the server's refusal (WebSocketHandshakeException) if it does not upgrade. */
    static ExecClient open(String baseUrl, String pathAndQuery, String... subprotocols) throws Exception {
        ExecClient c = new ExecClient();
        String[] rest = java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length);
        c.ws = HTTP.newWebSocketBuilder().subprotocols(subprotocols[0], rest)
                .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + pathAndQuery), c).get(10, TimeUnit.SECONDS);
        return c;
    }

    void stdin(String text) {
        ws.sendBinary(ByteBuffer.wrap(ExecProtocol.message(ExecProtocol.STDIN, text.getBytes(StandardCharsets.UTF_8))), true).join();
    }

    void closeStdin() {
        ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) ExecProtocol.CLOSE, ExecProtocol.STDIN}), true).join();
    }

    /** Waits for the server's close; the status is there by then. */
    ExecClient awaitClosed() throws Exception {
        closed.get(30, TimeUnit.SECONDS);
        return this;
    }

    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized int stdoutBytes() {
        return stdout.size();
    }

    synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    synchronized int messages() {
        return messages;
    }

    JsonNode status() throws IOException {
        return status == null ? null : Json.JSON.readTree(status);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        synchronized (this) {
            parts.writeBytes(chunk);
            if (last) {
                byte[] m = parts.toByteArray();
                parts.reset();
                messages++;
                if (m.length > 0) {
                    if (m[0] == ExecProtocol.STDOUT) stdout.write(m, 1, m.length - 1);
                    else if (m[0] == ExecProtocol.STDERR) stderr.write(m, 1, m.length - 1);
                    else if (m[0] == ExecProtocol.ERROR && m.length > 1) status = new String(m, 1, m.length - 1, StandardCharsets.UTF_8);
                }
            }
        }
        synchronized (this) {
            if (stdout.size() >= stallAtStdoutBytes && stderr.size() > 0) {
                stalled = true;
                return null;
            }
        }
        ws.request(1);
        return null;
    }

    /** Stops reading once stdout holds {@code bytes} and stderr has arrived. */
    synchronized ExecClient stallAt(long bytes) {
        stallAtStdoutBytes = bytes;
        return this;
    }

    synchronized boolean stalled() {
        return stalled;
    }

    /** Reads again, to the end. */
    void resume() {
        synchronized (this) {
            stallAtStdoutBytes = Long.MAX_VALUE;
            if (!stalled) return;
            stalled = false;
        }
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }
}
