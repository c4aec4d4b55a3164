package dev.shoal.node.cli;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket server on 127.0.0.1 that plays the API's side of exec from a script: it records each
 * request's URI, headers and stdin, and answers through {@link Script}. With {@link #refuse} it
 * answers the handshake with an HTTP error instead, as the API does for a bad request.
 */
final class FakeExecServer implements AutoCloseable {
    /** One exec as the server saw it. */
    static final class Session {
        final String uri;
        final String authorization;
        final Channel channel;
        final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        volatile boolean stdinClosed;

        Session(String uri, String authorization, Channel channel) {
            this.uri = uri;
            this.authorization = authorization;
            this.channel = channel;
        }

        void send(int channelId, byte[] data) {
            byte[] m = new byte[data.length + 1];
            m[0] = (byte) channelId;
            System.arraycopy(data, 0, m, 1, data.length);
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(m)));
        }

        void send(int channelId, String text) {
            send(channelId, text.getBytes(StandardCharsets.UTF_8));
        }

        /** The final Status on channel 3, then a normal close. */
        void finish(String statusJson) {
            send(3, statusJson);
            channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }

        synchronized String stdinText() {
            return stdin.toString(StandardCharsets.UTF_8);
        }
    }

    /** What the fake does; called on its event loop. */
    interface Script {
        void opened(Session s);

        default void stdinClosed(Session s) {}
    }

    static final String SUCCESS = "{\"metadata\":{},\"status\":\"Success\"}";

    static String exitCode(int code) {
        return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: " + code
                + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}";
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private volatile int refuseStatus;
    private volatile String refuseBody;

    FakeExecServer(Script script) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new Gate(),
                                new WebSocketServerProtocolHandler("/", "v5.channel.k8s.io,v4.channel.k8s.io", false, 1 << 20, false, true),
                                new Frames(script));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Every later handshake is answered with this HTTP status and body instead. */
    FakeExecServer refuse(int status, String body) {
        this.refuseBody = body;
        this.refuseStatus = status;
        return this;
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    List<Session> sessions() {
        return List.copyOf(sessions);
    }

    /** Records the request; refuses it when told to. */
    private final class Gate extends SimpleChannelInboundHandler<FullHttpRequest> {
        Gate() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            ctx.channel().attr(io.netty.util.AttributeKey.<Session>valueOf("session")).set(new Session(req.uri(),
                    req.headers().get(HttpHeaderNames.AUTHORIZATION), ctx.channel()));
            if (refuseStatus == 0) {
                ctx.fireChannelRead(req);
                return;
            }
            req.release();
            byte[] body = refuseBody.getBytes(StandardCharsets.UTF_8);
            DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(refuseStatus),
                    Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private final class Frames extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
        private final Script script;

        Frames(Script script) {
            this.script = script;
        }

        private Session session(ChannelHandlerContext ctx) {
            return ctx.channel().attr(io.netty.util.AttributeKey.<Session>valueOf("session")).get();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Session s = session(ctx);
                sessions.add(s);
                s.send(1, new byte[0]);  // "streams ready", as Kubernetes sends
                script.opened(s);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
            Session s = session(ctx);
            byte[] m = ByteBufUtil.getBytes(frame.content());
            if (m.length > 0 && m[0] == 0) {
                synchronized (s) {
                    s.stdin.write(m, 1, m.length - 1);
                }
            } else if (m.length == 2 && (m[0] & 0xff) == 255 && m[1] == 0) {
                s.stdinClosed = true;
                script.stdinClosed(s);
            }
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
