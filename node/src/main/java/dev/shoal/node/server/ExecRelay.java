package dev.shoal.node.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An exec whose pod runs on another node: the client's WebSocket here, one to that node there,
 * and every message copied across unchanged (the channel protocol is end to end; this node only
 * relays). Closing either side closes the other.
 *
 * <p>Backpressure both ways, without a thread: the next message from the other node is requested
 * ({@link WebSocket#request}) only once the last one is flushed to the client; the client's
 * messages go out one send at a time (the JDK allows one outstanding send), and past
 * {@link #MAX_PENDING} queued sends the client's connection stops reading (AUTO_READ off) until
 * they drain.
 *
 * <p>Threading: client frames arrive on the event loop; the other node's on the HTTP client's
 * threads, one callback at a time.
 */
final class ExecRelay implements WebSocket.Listener {
    static final int MAX_PENDING = 16;

    private final Channel client;
    private volatile WebSocket upstream;
    /** Parts of the message being received; callbacks are sequential. */
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
    private final AtomicInteger pendingSends = new AtomicInteger();
    /** The last send to the other node; event loop only. */
    private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);

    ExecRelay(Channel client) {
        this.client = client;
    }

    /** The other node's WebSocket, opened with this relay as its listener; before the client's upgrade. */
    void attach(WebSocket ws) {
        this.upstream = ws;
    }

    /** After the client's 101: messages may flow. */
    void start() {
        client.closeFuture().addListener(f -> closeUpstream());
        upstream.request(1);
    }

    /** The client's side: its frames, sent on to the other node. */
    ChannelInboundHandlerAdapter inbound() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof BinaryWebSocketFrame || msg instanceof TextWebSocketFrame) {
                    WebSocketFrame frame = (WebSocketFrame) msg;
                    byte[] bytes = ByteBufUtil.getBytes(frame.content());
                    boolean binary = msg instanceof BinaryWebSocketFrame;
                    frame.release();
                    send(bytes, binary);
                } else {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        };
    }

    /** On the event loop. */
    private void send(byte[] message, boolean binary) {
        if (pendingSends.incrementAndGet() > MAX_PENDING) {
            client.config().setAutoRead(false);
            // the sends may have drained between the two lines above
            if (pendingSends.get() <= MAX_PENDING / 2) client.config().setAutoRead(true);
        }
        WebSocket ws = upstream;
        CompletableFuture<?> next = sendTail.thenCompose(x -> binary
                ? ws.sendBinary(ByteBuffer.wrap(message), true)
                : ws.sendText(new String(message, java.nio.charset.StandardCharsets.UTF_8), true));
        next.whenComplete((x, failed) -> {
            if (failed != null) {
                client.close();
                return;
            }
            if (pendingSends.decrementAndGet() <= MAX_PENDING / 2 && !client.config().isAutoRead()) client.config().setAutoRead(true);
        });
        sendTail = next;
    }

    /**
     * The client is gone: a close after what was queued, and the connection dropped if the other
     * node does not answer. On the event loop (a close-future listener).
     */
    private void closeUpstream() {
        WebSocket ws = upstream;
        sendTail.whenComplete((x, e) -> {
            if (!ws.isOutputClosed()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        });
        CompletableFuture.delayedExecutor(WebSocketControl.CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS).execute(ws::abort);
    }

    // ---- the other node's side: its messages, written to the client

    @Override
    public void onOpen(WebSocket ws) {
        // no request(1) yet: nothing may be relayed before the client's 101
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        return relay(ws, data, last, true);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        return relay(ws, java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(data)), last, false);
    }

    private CompletionStage<?> relay(WebSocket ws, ByteBuffer data, boolean last, boolean binary) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        parts.writeBytes(chunk);
        if (!last) {
            ws.request(1);
            return null;
        }
        byte[] message = parts.toByteArray();
        parts.reset();
        WebSocketFrame frame = binary ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(message));
        client.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) ws.request(1);
            else ws.abort();
        });
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        // after every message before it was written: the close goes out behind them
        WebSocketControl.close(client, statusCode, reason == null ? "" : reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        client.close();
    }
}
