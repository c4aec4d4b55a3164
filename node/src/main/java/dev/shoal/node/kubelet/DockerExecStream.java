package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Starts a created exec and streams it, on a connection hijacked from the engine's API
 * ({@code POST /exec/ID/start} upgraded to a raw stream), as the docker CLI does.
 *
 * <p>Why not docker-java: once stdin ends, the connection must be half-closed (Docker's
 * {@code CloseWrite}) for the command to read end-of-file, and docker-java's transports never
 * half-close, so {@code cat} would wait forever (tried: docker-java 3.7.1, zerodep).
 *
 * <p>The way back is Docker's framing for a container without a TTY: per chunk an 8-byte header
 * {@code [stream, 0, 0, 0, size as big-endian uint32]}, stream 1 stdout and 2 stderr, then the
 * bytes. Reading blocks in the caller's thread, which is the backpressure towards the engine.
 */
final class DockerExecStream {
    /** Docker writes chunks of at most 32 KiB; anything near this is not Docker's framing. */
    private static final int MAX_FRAME = 16 << 20;
    private static final int MAX_HEAD = 16 * 1024;
    private static final int STDERR = 2;
    private static final byte[] START_BODY = "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.US_ASCII);

    private DockerExecStream() {}

    /** Runs until the engine ends the stream (the command exited and its output was sent). */
    static void run(DockerEngineAddress engine, String execId, InputStream stdin, ExecSink sink) throws IOException {
        Thread feeder = null;
        try (SocketChannel ch = engine.connect()) {
            writeFully(ch, startRequest(execId));
            Input in = new Input(ch);
            Head head = responseHead(in);
            // 101 from engines that upgrade; older ones answer 200 and stream all the same
            if (head.status() != 101 && head.status() != 200) throw new IOException(errorBody(in, head));
            if (stdin != null) feeder = feed(ch, stdin, execId);
            byte[] header = new byte[8];
            while (in.readFully(header)) {
                int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
                if (size < 0 || size > MAX_FRAME) throw new IOException("exec " + execId + ": not Docker's stream framing (chunk of " + size + " bytes)");
                byte[] chunk = new byte[size];
                if (!in.readFully(chunk) && size > 0) throw new EOFException("the engine ended the exec stream mid-chunk");
                if (header[0] == STDERR) sink.stderr(chunk);
                else sink.stdout(chunk);
            }
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("exec interrupted; its connection to the engine was closed");
        } finally {
            // only now: interrupting a thread blocked in a channel write would close the channel under the reader
            if (feeder != null) feeder.interrupt();
        }
    }

    private static byte[] startRequest(String execId) {
        String head = "POST /exec/" + execId + "/start HTTP/1.1\r\n"
                + "Host: docker\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + START_BODY.length + "\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: tcp\r\n"
                + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + START_BODY.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(START_BODY, 0, all, h.length, START_BODY.length);
        return all;
    }

    /** An HTTP response head; header names in lower case. */
    private record Head(int status, Map<String, String> headers) {}

    /** Reads the response head, leaving {@code in} at the body. */
    private static Head responseHead(Input in) throws IOException {
        String statusLine = in.line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("the engine answered exec start with: " + statusLine);
        Map<String, String> headers = new HashMap<>();
        for (String line; !(line = in.line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        try {
            return new Head(Integer.parseInt(parts[1]), headers);
        } catch (NumberFormatException e) {
            throw new IOException("the engine answered exec start with: " + statusLine, e);
        }
    }

    /** The engine's message from an error answer ({"message":"..."}), which names what is wrong. */
    private static String errorBody(Input in, Head head) throws IOException {
        byte[] body;
        String length = head.headers().get("content-length");
        if (length != null) {
            body = new byte[(int) Math.min(Long.parseLong(length), 64 * 1024)];
            in.readFully(body);
        } else if ("chunked".equalsIgnoreCase(head.headers().get("transfer-encoding"))) {
            body = new byte[Math.min(Integer.parseInt(in.line().split(";")[0].strip(), 16), 64 * 1024)];
            in.readFully(body);
        } else {
            body = new byte[0];
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode message = Json.JSON.readTree(text).path("message");
            if (message.isTextual()) text = message.asText();
        } catch (IOException notJson) {
            // the text as it is
        }
        return "the engine refused to start the exec (HTTP " + head.status() + ")" + (text.isEmpty() ? "" : ": " + text);
    }

    /** Copies stdin to the engine, then half-closes the connection: the command reads end-of-file. */
    private static Thread feed(SocketChannel ch, InputStream stdin, String execId) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[32 * 1024];
            try {
                for (int n; (n = stdin.read(buf)) >= 0; ) writeFully(ch, ByteBuffer.wrap(buf, 0, n));
                ch.shutdownOutput();
            } catch (IOException stopped) {
                // the exec ended (the connection closed, or we were interrupted)
            }
        }, "shoal-exec-stdin-" + execId.substring(0, Math.min(12, execId.length())));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void writeFully(SocketChannel ch, byte[] bytes) throws IOException {
        writeFully(ch, ByteBuffer.wrap(bytes));
    }

    private static void writeFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    /**
     * Buffered reads straight from the channel. Not a stream wrapper: {@code Channels.newInputStream}
     * locks the channel while a read blocks, which would stop the stdin feeder from writing.
     */
    private static final class Input {
        private final SocketChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024).flip();

        Input(SocketChannel ch) {
            this.ch = ch;
        }

        /** Fills {@code dst}; false if the stream ended cleanly before its first byte. */
        boolean readFully(byte[] dst) throws IOException {
            int off = 0;
            while (off < dst.length) {
                if (!buf.hasRemaining() && !fill()) {
                    if (off == 0) return false;
                    throw new EOFException("the engine ended the exec stream mid-chunk");
                }
                int k = Math.min(buf.remaining(), dst.length - off);
                buf.get(dst, off, k);
                off += k;
            }
            return true;
        }

        /** One CRLF-terminated line of the response head, without the CRLF. */
        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (!buf.hasRemaining() && !fill()) throw new EOFException("the engine closed the connection in the response head");
                char c = (char) (buf.get() & 0xff);
                if (c == '\n') break;
                if (c != '\r') sb.append(c);
                if (sb.length() > MAX_HEAD) throw new IOException("the engine's response head is too long");
            }
            return sb.toString();
        }

        private boolean fill() throws IOException {
            buf.clear();
            int n = ch.read(buf);
            buf.flip();
            return n >= 0;
        }
    }
}
