package dev.shoal.node.server;

import dev.shoal.api.ApiException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.List;

/**
 * Turns an API connection into a WebSocket for one exec: checks the request, answers 101 with the
 * chosen subprotocol, and rewires the pipeline from HTTP to frames. After it, the pipeline is
 * {@code wsdecoder, wsencoder, WebSocketFrameAggregator, WebSocketControl, <the session>}: the idle
 * timeout goes (an exec is quiet while its command is) and so does the API handler.
 */
final class WebSocketUpgrade {
    /** Largest message either way; kubectl sends stdin in 32 KiB pieces, Docker output comes in 32 KiB chunks. */
    static final int MAX_MESSAGE = 1 << 20;

    private WebSocketUpgrade() {}

    /**
     * The subprotocols to offer or accept: those of the request's that Shoal speaks, the client's
     * choice first.
     * @throws ApiException 400 if the request is not a WebSocket upgrade Shoal can accept
     */
    static List<String> check(HttpHeaders h) {
        if (!"websocket".equalsIgnoreCase(h.get(HttpHeaderNames.UPGRADE, ""))) {
            throw ApiException.badRequest("Upgrade request required: exec is served over WebSocket (Sec-WebSocket-Protocol "
                    + String.join(", ", ExecProtocol.SUPPORTED) + "); SPDY is not supported");
        }
        if (!h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                || !"13".equals(h.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "")) || !h.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
            throw ApiException.badRequest("not a WebSocket version 13 handshake (Connection: Upgrade, Sec-WebSocket-Version: 13,"
                    + " Sec-WebSocket-Key)");
        }
        List<String> offered = ExecProtocol.offered(h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        if (offered.isEmpty()) {
            throw ApiException.badRequest("requested subprotocol(s) " + h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)
                    + " are not supported; exec speaks " + String.join(", ", ExecProtocol.SUPPORTED));
        }
        return offered;
    }

    /**
     * Answers 101 with {@code subprotocol} and puts {@code session} where the HTTP handlers were.
     * Any thread; the work happens on the channel's event loop. The future fails if the handshake
     * does (the connection is then closed).
     */
    static ChannelFuture upgrade(Channel channel, String uri, HttpHeaders headers, String subprotocol, ChannelHandler session) {
        // Netty's handshaker insists on GET; Kubernetes also upgrades POST (older clients), so the copy says GET
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
                Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(MAX_MESSAGE)
                .allowExtensions(false)
                .build();
        String url = "ws://" + headers.get(HttpHeaderNames.HOST, "localhost") + uri;
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, subprotocol, decoder).newHandshaker(request);
        ChannelPromise done = channel.newPromise();
        channel.eventLoop().execute(() -> {
            ChannelPipeline p = channel.pipeline();
            if (p.get(IdleStateHandler.class) != null) p.remove(IdleStateHandler.class);
            if (p.get(ApiRequestHandler.class) != null) p.remove(ApiRequestHandler.class);
            p.addLast(new WebSocketFrameAggregator(MAX_MESSAGE));
            p.addLast(new WebSocketControl());
            p.addLast(session);
            try {
                // adds the frame codec in front of the HTTP codec, answers 101, then removes the HTTP codec and aggregator
                handshaker.handshake(channel, request, null, done);
            } catch (RuntimeException e) {
                done.tryFailure(e);  // check() makes this unlikely; the connection closes
            }
        });
        done.addListener(f -> {
            if (!f.isSuccess()) channel.close();
        });
        return done;
    }
}
