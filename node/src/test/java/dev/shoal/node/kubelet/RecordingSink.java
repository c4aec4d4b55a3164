package dev.shoal.node.kubelet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Collects an exec's stdout and stderr apart; optionally refuses output after a budget, like a client that went away. */
final class RecordingSink implements ExecSink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final long failAfterBytes;
    private long received;

    RecordingSink() {
        this(Long.MAX_VALUE);
    }

    RecordingSink(long failAfterBytes) {
        this.failAfterBytes = failAfterBytes;
    }

    @Override
    public synchronized void stdout(byte[] chunk) throws IOException {
        take(chunk);
        out.writeBytes(chunk);
    }

    @Override
    public synchronized void stderr(byte[] chunk) throws IOException {
        take(chunk);
        err.writeBytes(chunk);
    }

    private void take(byte[] chunk) throws IOException {
        received += chunk.length;
        if (received > failAfterBytes) throw new IOException("the reader went away");
    }

    synchronized String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    synchronized byte[] outBytes() {
        return out.toByteArray();
    }

    synchronized String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
