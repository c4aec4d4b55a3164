package dev.shoal.proxy.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The first handler of every client connection a listener accepts: it hands the connection to
 * its own {@link Dial}, which in turn hands it to a {@link Relay} once a backend answers.
 * A client pipeline thus holds exactly one handler at a time: acceptor, then dial, then relay.
 */
@ChannelHandler.Sharable
final class ClientAcceptor extends ChannelInboundHandlerAdapter {
    private final Frontend frontend;
    private final Dialing dialing;

    ClientAcceptor(Frontend frontend, Dialing dialing) {
        this.frontend = frontend;
        this.dialing = dialing;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Dial dial = new Dial(ctx.channel(), frontend, frontend.route().metrics(), dialing);
        ctx.pipeline().replace(this, "dial", dial);
        ctx.channel().closeFuture().addListener(closed -> dial.clientClosed());
        dial.next();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
