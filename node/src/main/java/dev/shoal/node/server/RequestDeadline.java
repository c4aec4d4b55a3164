package dev.shoal.node.server;

import dev.shoal.api.ApiException;
import dev.shoal.api.codec.ManifestCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole request, from its first byte to the last byte of its body, must arrive within a
 * deadline; a client that trickles one (slowloris: a header byte every few seconds, or a body
 * that stops short of its Content-Length) gets 408 and a closed connection, instead of holding a
 * socket and a decoder for as long as it likes. The idle timeout cannot catch it: it never goes
 * quiet for long.
 *
 * <p>The clock runs only while a request is arriving: not between keep-alive requests (the idle
 * timeout's business), not while the server answers, and never again on a connection upgraded
 * to a WebSocket (exec) or answering with a stream (watch, log follow), whose later bytes are
 * not requests. A pipelined request that begins in the same packet as the one before it is timed
 * from its next byte (the decoder keeps the rest of a packet to itself); one that sends no further
 * byte is an idle connection, and the idle timeout closes it.
 *
 * <p>Two handlers share one instance per connection: {@link #firstByte()} goes in front of the
 * HTTP codec (it sees raw bytes, so it can start the clock before any header line is complete),
 * {@link #lastByte()} right after it (it sees where a request ends and where the response does).
 * Both run on the connection's event loop, so the state needs no locking.
 */
final class RequestDeadline {
    private enum State {
        /** between requests: the next byte starts the clock */
        WAITING,
        /** a request is arriving: the clock runs */
        RECEIVING,
        /** the request is in; the answer is being made or sent */
        SERVING,
        /** upgraded or streaming: no more requests on this connection */
        DONE
    }

    private final long timeoutNanos;
    private State state = State.WAITING;
    /** A pipelined request began while the previous one was being served. */
    private boolean earlyBytes;
    /** The answer went out before the request had fully arrived (a 413 mid-body). */
    private boolean answered;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext httpCtx;

    RequestDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    ChannelInboundHandlerAdapter firstByte() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof ByteBuf b && b.isReadable()) {
                    if (state == State.WAITING) start(ctx);
                    else if (state == State.SERVING) earlyBytes = true;
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                cancel();
                super.channelInactive(ctx);
            }
        };
    }

    ChannelDuplexHandler lastByte() {
        return new ChannelDuplexHandler() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                httpCtx = ctx;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof LastHttpContent && state == State.RECEIVING) {
                    cancel();
                    state = answered ? State.WAITING : State.SERVING;
                    answered = false;
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                if (msg instanceof HttpResponse r && r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                    cancel();
                    state = State.DONE;
                } else if (msg instanceof LastHttpContent && !isInformational(msg)) {
                    if (state == State.SERVING) {
                        state = State.WAITING;
                        if (earlyBytes) start(ctx);
                        earlyBytes = false;
                    } else if (state == State.RECEIVING) {
                        answered = true;
                    }
                }
                super.write(ctx, msg, promise);
            }
        };
    }

    /** 100 Continue goes out before the body comes in; it is not the answer. */
    private static boolean isInformational(Object msg) {
        return msg instanceof HttpResponse r && r.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL;
    }

    private void start(ChannelHandlerContext ctx) {
        state = State.RECEIVING;
        cancel();
        timer = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    private void expire() {
        timer = null;
        if (state != State.RECEIVING || httpCtx == null) return;
        state = State.DONE;
        ApiException e = new ApiException(408, "Timeout", "the request did not arrive within "
                + Duration.ofNanos(timeoutNanos).toSeconds() + " s; the connection is closed", List.of(), null);
        byte[] body = ManifestCodec.toJson(StatusBodies.failure(e));
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // written below the request handlers: what they might still write cannot interleave with it
        httpCtx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
