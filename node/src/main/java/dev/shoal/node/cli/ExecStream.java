package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The client side of Kubernetes' exec protocol over WebSocket (v5.channel.k8s.io, or v4): the
 * server's channel 1 and 2 go to our stdout and stderr byte for byte as they arrive, channel 3
 * carries the final Status, which {@link #awaitExitCode} turns into an exit code as kubectl does.
 *
 * <p>Threading: the HTTP client calls the listener methods one at a time; each message is
 * written (blocking) before the next is requested, so a slow terminal holds the remote command
 * back instead of filling memory. {@link #copyStdin} runs on a thread of its own.
 */
final class ExecStream implements WebSocket.Listener {
    static final String V5 = "v5.channel.k8s.io";
    static final List<String> SUBPROTOCOLS = List.of(V5, "v4.channel.k8s.io");
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int ERROR = 3;
    private static final int CLOSE = 255;
    private static final int STDIN_CHUNK = 32 * 1024;

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile String status;

    ExecStream(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        parts.writeBytes(chunk);
        if (last) {
            byte[] message = parts.toByteArray();
            parts.reset();
            try {
                deliver(message);
            } catch (IOException e) {
                // our own stdout is gone (a closed pipe): nothing left to show the output to
                ws.abort();
                closed.completeExceptionally(new UncheckedIOException(e));
                return null;
            }
        }
        ws.request(1);
        return null;
    }

    private void deliver(byte[] message) throws IOException {
        if (message.length < 2) return;  // the server's "streams ready" message is empty
        int channel = message[0] & 0xff;
        if (channel == STDOUT) write(stdout, message);
        else if (channel == STDERR) write(stderr, message);
        else if (channel == ERROR) status = new String(message, 1, message.length - 1, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(OutputStream to, byte[] message) throws IOException {
        to.write(message, 1, message.length - 1);
        to.flush();  // a person may be watching
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }

    /**
     * Copies {@code in} to the command's stdin until it ends, then closes that channel (v5; v4
     * has no way to, and the command never reads end-of-file). One send at a time: each waits for
     * the last, which is the backpressure. Returns when done or when the socket closed.
     */
    static void copyStdin(InputStream in, WebSocket ws) {
        byte[] buf = new byte[STDIN_CHUNK];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (n == 0) continue;
                byte[] message = new byte[n + 1];
                message[0] = STDIN;
                System.arraycopy(buf, 0, message, 1, n);
                ws.sendBinary(ByteBuffer.wrap(message), true).join();
            }
            if (V5.equals(ws.getSubprotocol())) ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) CLOSE, STDIN}), true).join();
        } catch (IOException | RuntimeException closedOrFailed) {
            // our stdin failed, or the exec ended and the socket closed under us: either way nothing more to send
        }
    }

    /**
     * Waits for the server to close, then: 0 for Success, the command's code for NonZeroExitCode
     * (as kubectl exits).
     * @throws ApiException for any other Failure (the command could not run), with the server's message
     * @throws CliException if the connection broke or closed without a Status
     */
    int awaitExitCode() {
        try {
            closed.get();
        } catch (ExecutionException e) {
            throw new CliException("the exec connection broke: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (status == null) throw new CliException("the connection closed before the command's exit status arrived");
        JsonNode s;
        try {
            s = Json.JSON.readTree(status);
        } catch (IOException e) {
            throw new CliException("the server's exit status is not JSON: " + status);
        }
        return exitCode(s);
    }

    /** Pure: a final Status as kubectl reads it. */
    static int exitCode(JsonNode status) {
        if ("Success".equals(status.path("status").asText())) return ExitCodes.OK;
        if ("NonZeroExitCode".equals(status.path("reason").asText())) {
            for (JsonNode cause : status.path("details").path("causes")) {
                if (!"ExitCode".equals(cause.path("reason").asText())) continue;
                try {
                    return Integer.parseInt(cause.path("message").asText());
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        String message = status.path("message").asText("");
        throw new ApiException(status.path("code").asInt(500), status.path("reason").asText("InternalError"),
                message.isEmpty() ? "the command failed: " + status : message, List.of(), null);
    }
}
