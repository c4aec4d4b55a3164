package dev.shoal.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request deadline on an embedded pipeline, on Netty's virtual clock: no sleeps. */
class RequestDeadlineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final List<FullHttpRequest> received = new ArrayList<>();

    /** The API server's pipeline, in short; {@code answer} plays the request handler. */
    private EmbeddedChannel channel(BiConsumer<ChannelHandlerContext, FullHttpRequest> answer) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        RequestDeadline deadline = new RequestDeadline(TIMEOUT);
        ch.pipeline().addLast(deadline.firstByte());
        ch.pipeline().addLast(new HttpServerCodec());
        ch.pipeline().addLast(deadline.lastByte());
        ch.pipeline().addLast(new HttpObjectAggregator(1 << 20));
        ch.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                received.add(req.retain());
                answer.accept(ctx, req);
            }
        });
        return ch;
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private static void after(EmbeddedChannel ch, Duration d) {
        ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            out.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
            ((ByteBuf) o).release();
        }
        return out.toString();
    }

    private static void ok(ChannelHandlerContext ctx, FullHttpRequest req) {
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(res);
    }

    @Test
    void aTrickledHeaderIsCutOffWith408() {
        EmbeddedChannel ch = channel(RequestDeadlineTest::ok);
        send(ch, "GET /api HTTP/1.1\r\nHost: x\r\nX-Slow: a");
        for (int i = 0; i < 5; i++) {
            after(ch, Duration.ofSeconds(5));
            send(ch, "a"); // bytes keep coming: an idle timeout would never fire
        }
        assertTrue(ch.isOpen());
        after(ch, Duration.ofSeconds(5));
        String out = written(ch);
        assertTrue(out.startsWith("HTTP/1.1 408 Request Timeout"), out);
        assertTrue(out.contains("\"reason\":\"Timeout\""), out);
        assertFalse(ch.isOpen(), "closed after the 408");
        // (closing makes the decoder hand on what it had as a failed request, which nobody can answer)
        assertTrue(received.stream().noneMatch(r -> r.decoderResult().isSuccess()), "no request was served");
    }

    @Test
    void aBodyThatStopsShortIsCutOff() {
        EmbeddedChannel ch = channel(RequestDeadlineTest::ok);
        send(ch, "POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":");
        after(ch, TIMEOUT.minusSeconds(1));
        assertTrue(ch.isOpen());
        after(ch, Duration.ofSeconds(1));
        assertTrue(written(ch).startsWith("HTTP/1.1 408"));
        assertFalse(ch.isOpen());
    }

    @Test
    void theClockRunsOnlyWhileARequestArrives() {
        EmbeddedChannel ch = channel(RequestDeadlineTest::ok);
        after(ch, Duration.ofMinutes(5)); // idle before the first byte: the idle timeout's business
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(written(ch).startsWith("HTTP/1.1 200"));
        after(ch, Duration.ofMinutes(5)); // idle between keep-alive requests
        send(ch, "GET /b HTTP/1.1\r\nHost: x\r\n");
        after(ch, Duration.ofSeconds(29));
        send(ch, "\r\n"); // complete just in time
        after(ch, Duration.ofMinutes(5));
        assertTrue(ch.isOpen());
        assertEquals(2, received.size());
        assertTrue(written(ch).startsWith("HTTP/1.1 200"));
    }

    @Test
    void aStreamingAnswerIsNeverCutOff() {
        // a watch: the head and chunks go out, the last chunk never does
        EmbeddedChannel ch = channel((ctx, req) -> ctx.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK)));
        send(ch, "GET /api/v1/pods?watch=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        send(ch, "stray bytes from the client");
        after(ch, Duration.ofHours(1));
        assertTrue(ch.isOpen());
        assertFalse(written(ch).contains("408"));
    }

    @Test
    void anUpgradedConnectionIsNeverCutOff() {
        // exec: 101, then WebSocket frames in both directions, none of them a request
        EmbeddedChannel ch = channel((ctx, req) -> {
            DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
            ctx.writeAndFlush(res);
        });
        send(ch, "GET /exec HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n");
        send(ch, "\u0082\u0005frame");
        after(ch, Duration.ofHours(1));
        assertTrue(ch.isOpen());
        assertFalse(written(ch).contains("408"));
    }

    @Test
    void aPipelinedRequestGetsItsOwnClockOnceTheFirstIsAnswered() {
        List<ChannelHandlerContext> pending = new ArrayList<>();
        EmbeddedChannel ch = channel((ctx, req) -> pending.add(ctx));
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        send(ch, "GET /b HTTP/1.1\r\nHo"); // arrives while /a is being served
        after(ch, Duration.ofMinutes(2)); // no clock while the server works on /a
        assertTrue(ch.isOpen());
        ok(pending.get(0), null);
        after(ch, TIMEOUT);
        assertTrue(written(ch).contains("HTTP/1.1 408"), "the second request's clock started with the first answer");
        assertFalse(ch.isOpen());
    }

    @Test
    void aPartialRequestInTheSamePacketAsTheFirstIsTimedFromItsNextByte() {
        // the decoder keeps the rest of a packet to itself: /b's clock starts with its next byte, and an
        // attacker who sends none holds an idle connection, which the idle timeout closes
        List<ChannelHandlerContext> pending = new ArrayList<>();
        EmbeddedChannel ch = channel((ctx, req) -> pending.add(ctx));
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHo");
        ok(pending.get(0), null);
        send(ch, "s");
        after(ch, TIMEOUT);
        assertTrue(written(ch).contains("HTTP/1.1 408"));
        assertFalse(ch.isOpen());
    }
}
