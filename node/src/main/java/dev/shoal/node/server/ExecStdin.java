package dev.shoal.node.server;

import io.netty.channel.Channel;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exec's stdin: fed with the client's channel-0 messages on the event loop, read by the
 * runtime's stdin thread. Backpressure is explicit: once more than {@link #HIGH_WATER} bytes wait
 * here, the connection stops reading from its socket (AUTO_READ off), and it reads again when the
 * command has taken them below {@link #LOW_WATER}, so a client cannot fill the agent's memory
 * faster than the command reads.
 */
final class ExecStdin extends InputStream {
    static final long HIGH_WATER = 256 * 1024;
    static final long LOW_WATER = 64 * 1024;
    private static final byte[] END = new byte[0];

    private final Channel channel;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    // reader side, one thread
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    ExecStdin(Channel channel) {
        this.channel = channel;
    }

    /** More input; on the event loop. Never blocks. */
    void offer(byte[] data) {
        if (data.length == 0) return;
        chunks.add(data);
        if (queued.addAndGet(data.length) > HIGH_WATER) {
            channel.config().setAutoRead(false);
            // the reader may have drained it between the two lines above, seeing AUTO_READ still on
            if (queued.get() <= LOW_WATER) channel.config().setAutoRead(true);
        }
    }

    /** The client closed its stdin (v5), or went away: the command reads end-of-file after what is queued. Idempotent. */
    void end() {
        chunks.add(END);
    }

    @Override
    public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Blocks for the next chunk; interruptible. */
    @Override
    public int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) return 0;
        if (pos == current.length) {
            if (ended) return -1;
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stdin closed");
            }
            pos = 0;
            if (current == END) {
                ended = true;
                return -1;
            }
            if (queued.addAndGet(-current.length) <= LOW_WATER && !channel.config().isAutoRead()) {
                channel.config().setAutoRead(true);
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
