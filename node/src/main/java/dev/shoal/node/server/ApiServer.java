package dev.shoal.node.server;

import dev.shoal.api.ApiException;
import dev.shoal.membership.StateStore;
import dev.shoal.node.auth.RequestAuth;
import dev.shoal.node.services.ServiceAllocator;
import dev.shoal.node.tls.ApiTls;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Kubernetes-style REST API of one node, on Netty. Every node serves the same API over the
 * same replicated state; there is no primary.
 */
public final class ApiServer implements AutoCloseable {
    /** Kubernetes' own request body limit (3 MiB): large enough for any manifest, small enough to refuse abuse. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    /** Longest request line and total header size; kubectl's requests are a few hundred bytes. */
    static final int MAX_INITIAL_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    /** A connection silent this long is closed (watches are exempt): frees sockets from slow or vanished clients. */
    static final int IDLE_SECONDS = 120;
    /** Blocking calls in flight per node; beyond the queue a request gets 429 instead of piling up. */
    static final int WORKERS = 32;
    static final int WORKER_QUEUE = 1024;

    private final EventLoopGroup group;
    private final ThreadPoolExecutor workers;
    private final Channel serverChannel;

    private final PodLogs logs;
    private final PodExec exec;

    private ApiServer(EventLoopGroup group, ThreadPoolExecutor workers, Channel serverChannel, PodLogs logs, PodExec exec) {
        this.logs = logs;
        this.exec = exec;
        this.group = group;
        this.workers = workers;
        this.serverChannel = serverChannel;
    }

    public static ApiServer start(String bindAddress, int port, StateStore store, MeterRegistry registry,
                                  ServerInfo info, Clock clock) throws InterruptedException {
        return start(bindAddress, port, store, registry, info, clock, PodLogs.Local.NONE, PodExec.Local.NONE);
    }

    /**
     * @param localLogs the pods this node runs, whose logs it reads itself (it forwards for the others)
     * @param localExec the same pods, for exec
     */
    public static ApiServer start(String bindAddress, int port, StateStore store, MeterRegistry registry,
                                  ServerInfo info, Clock clock, PodLogs.Local localLogs, PodExec.Local localExec)
            throws InterruptedException {
        return start(bindAddress, port, store, registry, info, clock, localLogs, localExec, null);
    }

    /** @param services gives new Services their cluster IPs and node ports; null: Services keep what they ask for */
    public static ApiServer start(String bindAddress, int port, StateStore store, MeterRegistry registry,
                                  ServerInfo info, Clock clock, PodLogs.Local localLogs, PodExec.Local localExec,
                                  ServiceAllocator services) throws InterruptedException {
        return start(bindAddress, port, store, registry, info, clock, localLogs, localExec, services, RequestAuth.allowAll());
    }

    /** @param auth who may do what; its node credential goes with the logs and execs this node forwards */
    public static ApiServer start(String bindAddress, int port, StateStore store, MeterRegistry registry,
                                  ServerInfo info, Clock clock, PodLogs.Local localLogs, PodExec.Local localExec,
                                  ServiceAllocator services, RequestAuth auth) throws InterruptedException {
        return start(bindAddress, port, store, registry, info, clock, localLogs, localExec, services, auth, null, ApiLimits.DEFAULTS);
    }

    /** @param tls the API's TLS, also used to call other agents; null: plain HTTP (dev mode) */
    public static ApiServer start(String bindAddress, int port, StateStore store, MeterRegistry registry,
                                  ServerInfo info, Clock clock, PodLogs.Local localLogs, PodExec.Local localExec,
                                  ServiceAllocator services, RequestAuth auth, ApiTls tls) throws InterruptedException {
        return start(bindAddress, port, store, registry, info, clock, localLogs, localExec, services, auth, tls, ApiLimits.DEFAULTS);
    }

    /**
     * @param tls    the API's TLS, also used to call other agents; null: plain HTTP (dev mode)
     * @param limits the per-client rate limit and the slow-client deadline
     */
    public static ApiServer start(String bindAddress, int port, StateStore store, MeterRegistry registry,
                                  ServerInfo info, Clock clock, PodLogs.Local localLogs, PodExec.Local localExec,
                                  ServiceAllocator services, RequestAuth auth, ApiTls tls, ApiLimits limits) throws InterruptedException {
        PodLogs logs = new PodLogs(store, localLogs, auth::nodeCredential, tls);
        PodExec exec = new PodExec(store, localExec, auth::nodeCredential, tls);
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), r -> {
                    Thread t = new Thread(r, "shoal-api-worker");
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        ApiRequestHandler handler = new ApiRequestHandler(new ResourceApi(store, services), store, workers,
                new ApiMetrics(registry), info, clock, logs, exec, auth, new ApiRateLimit(limits, registry, clock));
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) ch.pipeline().addLast(tls.newHandler());
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS));
                        ch.pipeline().addLast(new IdleCloser());
                        RequestDeadline deadline = new RequestDeadline(limits.requestTimeout());
                        ch.pipeline().addLast(deadline.firstByte());
                        ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
                        ch.pipeline().addLast(deadline.lastByte());
                        ch.pipeline().addLast(new StatusAggregator(MAX_BODY_BYTES));
                        ch.pipeline().addLast(handler);
                    }
                });
        Channel ch = b.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
        return new ApiServer(group, workers, ch, logs, exec);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownNow();
        logs.close();
        exec.close();
    }

    /** Closes connections that stayed idle past {@link #IDLE_SECONDS}. */
    private static final class IdleCloser extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) ctx.close();
            else super.userEventTriggered(ctx, evt);
        }
    }

    /** Answers an oversized body with a Kubernetes Status (413) instead of Netty's empty reply. */
    private static final class StatusAggregator extends HttpObjectAggregator {
        StatusAggregator(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            byte[] body = dev.shoal.api.codec.ManifestCodec.toJson(StatusBodies.failure(ApiException.tooLarge(MAX_BODY_BYTES)));
            DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            // A keep-alive client is still sending the rest of the body: the aggregator discards it
            // and the connection stays usable, so the client reads this answer instead of a reset.
            // Anything else is closed rather than parsed as a next request.
            boolean keep = io.netty.handler.codec.http.HttpUtil.isKeepAlive(oversized)
                    && !(oversized instanceof io.netty.handler.codec.http.FullHttpMessage);
            if (keep) {
                io.netty.handler.codec.http.HttpUtil.setKeepAlive(res, true);
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

}
