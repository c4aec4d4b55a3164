package dev.shoal.node.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * TLS, unless the first bytes are not a TLS record: then the connection gets what Go's servers
 * (and so kube-apiserver) answer, "400 Client sent an HTTP request to an HTTPS server.", and is
 * closed. Nothing of the request is read or acted on; the user learns to write https://.
 */
final class PlainHttpRefusal extends OptionalSslHandler {
    static final String ANSWER = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
            + "Content-Length: 48\r\n\r\nClient sent an HTTP request to an HTTPS server.\n";

    PlainHttpRefusal(SslContext context) {
        super(context);
    }

    @Override
    protected ChannelHandler newNonSslHandler(ChannelHandlerContext context) {
        return new ChannelInboundHandlerAdapter() {
            private boolean answered;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                if (answered) return;
                answered = true;
                ByteBuf answer = Unpooled.copiedBuffer(ANSWER, StandardCharsets.US_ASCII);
                ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
            }
        };
    }
}
