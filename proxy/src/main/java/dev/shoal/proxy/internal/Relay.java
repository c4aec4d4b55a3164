package dev.shoal.proxy.internal;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;

/**
 * Copies one direction of a proxied connection: what this channel reads is written to its peer.
 * One Relay sits on the client channel (peer: the backend) and one on the backend channel.
 *
 * <p>Backpressure: the channel has AUTO_READ off and reads its next chunk only once the previous
 * one has been flushed to the peer, so each direction holds at most one chunk that the peer's
 * socket has not taken. A slow reader at one end stalls the writer at the other end through
 * TCP flow control, and the proxy's memory stays bounded. The buffer read is the buffer written:
 * no copy.
 *
 * <p>Both channels live on one event loop, so nothing here needs a lock.
 */
final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final HalfClose halfClose;
    private final Counter bytes;
    private ChannelFutureListener readNext;
    private boolean inputEnded;

    Relay(Channel peer, HalfClose halfClose, Counter bytes) {
        this.peer = peer;
        this.halfClose = halfClose;
        this.bytes = bytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // one listener per relay instead of one per chunk
        readNext = flushed -> {
            if (flushed.isSuccess()) readMore(ctx.channel());
            else closeBoth(ctx.channel());
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) bytes.increment(buf.readableBytes());
        peer.writeAndFlush(msg).addListener(readNext);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // the second event covers an EOF whose first event went to the Dial before this relay existed
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof ChannelInputShutdownReadComplete) {
            if (!inputEnded) {
                inputEnded = true;
                passOnEof(ctx.channel());
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * This side sent EOF: once everything read before it is flushed, pass it on. If the other
     * direction has ended too, closing both sockets says it. Otherwise shut down the peer's output
     * so the other end sees EOF, and keep relaying the other direction; the peer no longer allows
     * half-closure, so its own EOF later closes it outright (its Relay then closes this side),
     * which spares a shutdown(SHUT_RD) and a second shutdownOutput per connection.
     */
    private void passOnEof(Channel self) {
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
            if (!flushed.isSuccess() || halfClose.directionEnded()) {
                closeBoth(self);
                return;
            }
            peer.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            ((DuplexChannel) peer).shutdownOutput().addListener(shut -> {
                if (!shut.isSuccess()) closeBoth(self);
            });
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // this side is gone: let the peer take what is already queued for it, then close it
        if (peer.isActive()) peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset or I/O error at either end ends the connection; that is routine, not worth a log line
        ctx.close();
    }

    /** Asks for the next chunk, unless this side already sent EOF (epoll refuses to read a shut input). */
    static void readMore(Channel channel) {
        if (!((DuplexChannel) channel).isInputShutdown()) channel.read();
    }

    private void closeBoth(Channel self) {
        self.close();
        peer.close();
    }
}
