package dev.shoal.node.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket control frames, for both kinds of exec session: a ping is answered with a pong
 * (kubectl pings every few seconds and gives up on a silent server), and the closing handshake is
 * done properly, so a client never reads a reset where it expected the last of its output:
 * whoever closes first sends a Close frame, the other answers with one, and the first closes the
 * TCP connection when the answer arrives (or after {@link #CLOSE_WAIT}). Event loop only, except
 * {@link #close}.
 */
final class WebSocketControl extends ChannelInboundHandlerAdapter {
    /** How long to wait for the client's answer to our Close before dropping the connection. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private boolean closeSent;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));  // takes over the ping's buffer
        } else if (msg instanceof PongWebSocketFrame) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof CloseWebSocketFrame frame) {
            int code = frame.statusCode();
            frame.release();
            if (closeSent) {
                ctx.close();
            } else {
                closeSent = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(sendable(code), "")).addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Starts the closing handshake from our side, after everything written so far. Any thread.
     * @param code a close status (1000 normal)
     */
    static void close(Channel channel, int code, String reason) {
        channel.eventLoop().execute(() -> {
            WebSocketControl control = channel.pipeline().get(WebSocketControl.class);
            if (control == null || control.closeSent || !channel.isActive()) {
                channel.close();
                return;
            }
            control.closeSent = true;
            channel.writeAndFlush(new CloseWebSocketFrame(sendable(code), reason));
            channel.eventLoop().schedule(() -> channel.close(), CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Codes that may not go on the wire (1005 "no code", 1006 "dropped", ...) become 1000. */
    static int sendable(int code) {
        return WebSocketCloseStatus.isValidStatusCode(code) ? code : WebSocketCloseStatus.NORMAL_CLOSURE.code();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
