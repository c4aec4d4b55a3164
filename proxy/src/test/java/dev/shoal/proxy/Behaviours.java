package dev.shoal.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/** The backends the tests use. */
final class Behaviours {
    private Behaviours() {
    }

    /** Says its name on a first line, then echoes every line until EOF. */
    static final TestBackend.Behaviour NAME_THEN_ECHO = (backend, socket) -> {
        OutputStream out = socket.getOutputStream();
        out.write((backend.name + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    };

    /** Reads the whole request until EOF, then answers "received N" and the request reversed, and closes. */
    static final TestBackend.Behaviour ANSWER_AFTER_EOF = (backend, socket) -> {
        byte[] request = socket.getInputStream().readAllBytes();
        OutputStream out = socket.getOutputStream();
        out.write(("received " + request.length + "\n").getBytes(StandardCharsets.UTF_8));
        for (int i = request.length - 1; i >= 0; i--) out.write(request[i]);
        out.flush();
    };

    /**
     * Sends a greeting and shuts down its output first, then reads what the client still sends
     * until EOF and records how many bytes that was.
     */
    static TestBackend.Behaviour closeOutputFirst(AtomicLong receivedAfterEof) {
        return (backend, socket) -> {
            socket.getOutputStream().write("bye\n".getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            receivedAfterEof.set(socket.getInputStream().readAllBytes().length);
        };
    }

    /**
     * Reads a decimal byte count on a line, sends that many pseudo-random bytes (CRC32 into
     * {@code sentCrc}), then waits for the client's EOF before closing.
     */
    static TestBackend.Behaviour bulkSender(AtomicLong sentCrc) {
        return (backend, socket) -> {
            long size = Long.parseLong(readLine(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            CRC32 crc = new CRC32();
            Random random = new Random(size);
            byte[] block = new byte[64 * 1024];
            for (long left = size; left > 0; ) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                crc.update(block, 0, n);
                left -= n;
            }
            out.flush();
            sentCrc.set(crc.getValue());
            socket.getInputStream().readAllBytes();
        };
    }

    /** Reads until EOF and answers with the CRC32 and byte count of what it read. */
    static final TestBackend.Behaviour CHECKSUM = (backend, socket) -> {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        InputStream in = socket.getInputStream();
        for (int n; (n = in.read(buf)) >= 0; ) {
            crc.update(buf, 0, n);
            total += n;
        }
        socket.getOutputStream().write((crc.getValue() + " " + total + "\n").getBytes(StandardCharsets.UTF_8));
    };

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
        return line.toString();
    }
}
