package dev.shoal.node.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a socket, for requests no HTTP client library will send: invalid bytes,
 * lying Content-Lengths, oversized headers, trickled bytes, pipelined bursts.
 */
final class RawHttp {
    /** One answer; {@code status} is {@link #CLOSED} when the server closed the connection without one. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) { return headers.getOrDefault(name.toLowerCase(Locale.ROOT), ""); }
    }

    static final int CLOSED = -1;

    private RawHttp() {}

    /** A request with Host, Content-Length (unless {@code headers} sets Transfer-Encoding) and Connection: close. */
    static byte[] request(String method, String path, String contentType, byte[] body, String... headers) {
        StringBuilder h = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: shoal\r\nConnection: close\r\n");
        if (contentType != null) h.append("Content-Type: ").append(contentType).append("\r\n");
        boolean chunked = false;
        for (String extra : headers) {
            h.append(extra).append("\r\n");
            chunked |= extra.toLowerCase(Locale.ROOT).startsWith("transfer-encoding");
        }
        if (body != null && !chunked) h.append("Content-Length: ").append(body.length).append("\r\n");
        h.append("\r\n");
        return concat(h.toString().getBytes(StandardCharsets.ISO_8859_1), body == null ? new byte[0] : body);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static Socket connect(String host, int port, String localAddress, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        if (localAddress != null) s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        s.connect(new InetSocketAddress(host, port), 2000);
        s.setSoTimeout((int) readTimeout.toMillis());
        return s;
    }

    /** Sends {@code request} whole and reads one answer. A server that answers early (413) and closes mid-send is fine. */
    static Answer exchange(String host, int port, byte[] request, Duration readTimeout) throws IOException {
        try (Socket s = connect(host, port, null, readTimeout)) {
            try {
                OutputStream out = s.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException refusedMidway) {
                // the server answered and closed before taking it all: its answer is still to be read
            }
            return read(new java.io.BufferedInputStream(s.getInputStream()));
        }
    }

    /** One response from {@code in}; {@link #CLOSED} at end of stream (or a reset) before a status line. */
    static Answer read(InputStream in) throws IOException {
        String status;
        try {
            status = line(in);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            return new Answer(CLOSED, Map.of(), "");
        }
        if (status == null) return new Answer(CLOSED, Map.of(), "");
        String[] parts = status.split(" ", 3);
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if (code == 101 || code / 100 == 1) {
            body = new byte[0];
        } else {
            body = in.readAllBytes();
        }
        return new Answer(code, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** A CRLF-terminated line, without it; null at end of stream. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
