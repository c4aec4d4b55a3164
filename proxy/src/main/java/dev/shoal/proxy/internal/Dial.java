package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Finds a backend for one client connection; the client channel's handler until one answers.
 *
 * <p>Each attempt asks the balancer, excluding the backends already tried; a refused or
 * timed-out connect is counted and the next backend is tried at once, up to
 * {@link Dialing#maxAttempts}. This hides a pod that died before the endpoints caught up. When
 * no backend is left the client connection is reset.
 *
 * <p>The client channel has AUTO_READ off, so normally nothing is read before a backend answers.
 * But when the client half-closes early, epoll reads everything up to the EOF at once whatever
 * AUTO_READ says (it must, to see the EOF); that data and the EOF are held here and replayed into
 * the {@link Relay}, in order. The kernel's receive buffer bounds how much that can be.
 *
 * <p>The backend connection is made on the client channel's own event loop, so the pair never
 * crosses threads. Confined to that loop.
 */
final class Dial extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
    private final Channel client;
    private final Frontend frontend;
    private final ServiceMetrics metrics;
    private final Dialing dialing;
    private final InetAddress clientIp;
    private final HalfClose halfClose = new HalfClose();
    private final List<Backend> tried = new ArrayList<>(2);
    private final Queue<Object> early = new ArrayDeque<>(0);
    private Object earlyEof;
    private Backend attempt;
    private Channel pending;
    private ProxiedConnection connection;

    Dial(Channel client, Frontend frontend, ServiceMetrics metrics, Dialing dialing) {
        this.client = client;
        this.frontend = frontend;
        this.metrics = metrics;
        this.dialing = dialing;
        this.clientIp = ((InetSocketAddress) client.remoteAddress()).getAddress();
        metrics.accepted.increment();
        metrics.active.incrementAndGet();
    }

    void next() {
        if (!client.isActive()) return;
        Route route = frontend.route();
        Backend backend = tried.size() >= dialing.maxAttempts() || frontend.closed() ? null
                : frontend.balancer.choose(route.rule().affinity(), route.ready(), clientIp, tried, dialing.nanoClock().getAsLong());
        if (backend == null) {
            reject();
            return;
        }
        if (!tried.isEmpty()) metrics.retries.increment();
        tried.add(backend);
        attempt = backend;
        ChannelFuture connect = dialing.upstreams(backend).clone(client.eventLoop())
                .handler(new Relay(client, halfClose, metrics.bytesOut))
                .connect(backend.socketAddress());
        pending = connect.channel();
        connect.addListener(this);
    }

    /** The outcome of one connect attempt. */
    @Override
    public void operationComplete(ChannelFuture connect) {
        pending = null;
        if (connect.isSuccess()) {
            established(connect.channel(), attempt);
        } else if (client.isActive()) {
            metrics.connectFailures.increment();
            next();
        }
    }

    private void established(Channel upstream, Backend backend) {
        if (!client.isActive()) {
            upstream.close();
            return;
        }
        connection = new ProxiedConnection(client, upstream, backend);
        frontend.track(connection);
        if (!frontend.admits(backend)) {
            // an apply removed the backend (or the listener) while we were connecting
            frontend.untrack(connection);
            connection.close();
            return;
        }
        client.pipeline().replace(this, "relay", new Relay(upstream, halfClose, metrics.bytesIn));
        for (Object msg; (msg = early.poll()) != null; ) client.pipeline().fireChannelRead(msg);
        if (earlyEof != null) client.pipeline().fireUserEventTriggered(earlyEof);
        Relay.readMore(client);
        Relay.readMore(upstream);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof ChannelInputShutdownReadComplete) {
            if (earlyEof == null) earlyEof = evt;
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** No backend could be reached: reset the client, the nearest an accepted socket gets to "refused". */
    private void reject() {
        metrics.rejected.increment();
        client.config().setOption(ChannelOption.SO_LINGER, 0);
        client.close();
    }

    /** Runs once, when the client channel closes, whatever the reason. */
    void clientClosed() {
        metrics.active.decrementAndGet();
        if (pending != null) pending.close();
        if (connection != null) frontend.untrack(connection);
        for (Object msg; (msg = early.poll()) != null; ) ReferenceCountUtil.release(msg);
    }
}
