package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.codec.ManifestCodec;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One exec whose pod runs on this node, on an upgraded connection: the command runs beside the
 * container, its stdout and stderr go out on channels 1 and 2 as they come, the client's channel 0
 * is its stdin, and when it ends its Status goes out on channel 3, followed by a normal close.
 *
 * <p>Threading: frames arrive on the event loop and only feed {@link ExecStdin}, which never
 * blocks. The command runs on an exec thread of {@link PodExec}'s, which blocks in the runtime;
 * output is written from the runtime's reader threads. Backpressure: when the connection's
 * outbound buffer is past its high-water mark (not writable), the writing thread waits until its
 * last write is flushed, so a slow client stalls the runtime's reader and, through the pipe, the
 * command, instead of filling the agent's memory. The connection closing (the client went away)
 * interrupts the exec thread, which ends the command.
 */
final class ExecSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(ExecSession.class.getName());

    private final Channel channel;
    private final String subprotocol;
    private final ExecOptions options;
    private final String containerId;
    private final PodExec.Local local;
    private final Runnable onEnd;
    private final ExecStdin stdin;
    /** The thread running the command, while it does; guarded by {@code this}. */
    private Thread execThread;
    private boolean cancelled;

    ExecSession(Channel channel, String subprotocol, ExecOptions options, String containerId, PodExec.Local local, Runnable onEnd) {
        this.channel = channel;
        this.subprotocol = subprotocol;
        this.options = options;
        this.containerId = containerId;
        this.local = local;
        this.onEnd = onEnd;
        this.stdin = options.stdin() ? new ExecStdin(channel) : null;
    }

    /** After the 101: tells the client the streams are ready, as Kubernetes does, and starts the command. */
    void start(Executor threads) {
        channel.closeFuture().addListener(f -> cancel());
        int first = options.stdout() ? ExecProtocol.STDOUT : options.stderr() ? ExecProtocol.STDERR : ExecProtocol.ERROR;
        channel.writeAndFlush(frame(first, new byte[0]));
        try {
            threads.execute(this::run);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            finish(ExecProtocol.failed("the agent is shutting down"));
        }
    }

    /** On the exec thread, for the command's lifetime. */
    private void run() {
        synchronized (this) {
            if (cancelled) {
                onEnd.run();
                return;
            }
            execThread = Thread.currentThread();
        }
        ObjectNode status = null;
        try {
            int code = local.exec(containerId, options.command(), stdin, new Output());
            status = ExecProtocol.exited(code);
        } catch (InterruptedIOException clientGone) {
            // nothing to tell anyone
        } catch (IOException e) {
            status = ExecProtocol.failed(e.getMessage() != null ? e.getMessage() : e.toString());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "exec in container " + containerId + " failed", e);
            status = ExecProtocol.failed("internal error: " + e);
        } finally {
            synchronized (this) {
                execThread = null;
            }
            Thread.interrupted();  // a cancel that came late must not leak into the pool's next task
        }
        finish(status);
    }

    /** The Status (if there is one to send), then the closing handshake. */
    private void finish(ObjectNode status) {
        if (stdin != null) stdin.end();
        if (status != null && channel.isActive()) channel.writeAndFlush(frame(ExecProtocol.ERROR, ManifestCodec.toJson(status)));
        WebSocketControl.close(channel, WebSocketCloseStatus.NORMAL_CLOSURE.code(), "");
        onEnd.run();
    }

    /** The connection closed: end the command. Any thread; idempotent. */
    private void cancel() {
        if (stdin != null) stdin.end();
        synchronized (this) {
            cancelled = true;
            if (execThread != null) execThread.interrupt();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof BinaryWebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);  // text (the base64 protocols are not spoken) and anything else
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(frame.content());
        frame.release();
        ExecProtocol.FromClient m = ExecProtocol.parse(bytes, subprotocol);
        if (m instanceof ExecProtocol.Stdin in && stdin != null) stdin.offer(in.data());
        else if (m instanceof ExecProtocol.EndOfStdin && stdin != null) stdin.end();
        // resize and the rest: no terminals, nothing to do
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static BinaryWebSocketFrame frame(int channelId, byte[] data) {
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) channelId}, data));
    }

    /** The command's output, written as it comes, waiting while the client is behind. */
    private final class Output implements PodExec.Output {
        @Override
        public void stdout(byte[] chunk) throws IOException {
            if (options.stdout()) send(ExecProtocol.STDOUT, chunk);
        }

        @Override
        public void stderr(byte[] chunk) throws IOException {
            if (options.stderr()) send(ExecProtocol.STDERR, chunk);
        }

        private void send(int channelId, byte[] chunk) throws IOException {
            if (!channel.isActive()) throw new IOException("the client went away");
            ChannelFuture written = channel.writeAndFlush(frame(channelId, chunk));
            if (channel.isWritable()) return;
            try {
                written.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the client went away");
            }
            if (!written.isSuccess()) throw new IOException("the client went away", written.cause());
        }
    }
}
