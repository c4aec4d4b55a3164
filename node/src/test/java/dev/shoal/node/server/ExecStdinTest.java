package dev.shoal.node.server;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecStdinTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ExecStdin stdin = new ExecStdin(channel);

    @Test
    void bytesInOrderThenEndOfFile() throws Exception {
        stdin.offer("hel".getBytes());
        stdin.offer("lo".getBytes());
        stdin.end();
        assertArrayEquals("hello".getBytes(), stdin.readAllBytes());
        assertEquals(-1, stdin.read());
        stdin.end();  // the connection closing after the client's own close: idempotent
        assertEquals(-1, stdin.read());
    }

    @Test
    void theConnectionStopsReadingWhileTooMuchWaitsAndResumesOnceTheCommandCatchesUp() throws Exception {
        byte[] chunk = new byte[32 * 1024];
        int chunks = (int) (ExecStdin.HIGH_WATER / chunk.length) + 1;
        for (int i = 0; i < chunks; i++) stdin.offer(chunk);
        assertFalse(channel.config().isAutoRead(), "past the high-water mark");

        byte[] buf = new byte[chunk.length];
        long left = (long) chunks * chunk.length;
        while (left > ExecStdin.LOW_WATER + chunk.length) {
            left -= stdin.read(buf, 0, buf.length);
            assertFalse(channel.config().isAutoRead(), "still above the low-water mark with " + left + " bytes queued");
        }
        while (!channel.config().isAutoRead() && left > 0) left -= stdin.read(buf, 0, buf.length);
        assertTrue(channel.config().isAutoRead(), "reading again at or below the low-water mark");
        assertTrue(left <= ExecStdin.LOW_WATER, left + " bytes left");
    }

    @Test
    void aReaderWaitingForInputCanBeInterrupted() throws Exception {
        CompletableFuture<Thread> reader = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            reader.complete(Thread.currentThread());
            try {
                stdin.read(new byte[8], 0, 8);
                return null;
            } catch (java.io.IOException e) {
                return e;
            }
        });
        reader.get(5, TimeUnit.SECONDS).interrupt();
        assertInstanceOf(InterruptedIOException.class, outcome.get(5, TimeUnit.SECONDS));
    }
}
