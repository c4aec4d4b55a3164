package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import dev.shoal.api.codec.ManifestCodec;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code ?watch=true} response: newline-delimited {@code {"type":..,"object":..}} frames in
 * chunked encoding, as Kubernetes streams them. The stream ends when the client goes away, when
 * {@code timeoutSeconds} passes, or when the client reads too slowly to keep up (it then resumes
 * from the last resourceVersion it saw, as every Kubernetes client does).
 */
final class WatchStream {
    /** Unflushed bytes beyond which a client is too slow; it reconnects and resumes by resourceVersion. */
    private static final long MAX_PENDING_BYTES = 16L << 20;

    private WatchStream() {}

    /**
     * Starts streaming. Without a resourceVersion ("" or "0") the client first gets the current
     * objects as ADDED events, as Kubernetes does; with one it gets every change after it.
     */
    static void start(Channel channel, ResourceType type, String namespace, Query query, StateStore store,
                      boolean asTable, Clock clock) {
        Predicate<ObjectNode> filter = ResourceApi.filter(query);
        String rvParam = query.get("resourceVersion");
        long fromRv = query.longParam("resourceVersion", 0);
        long timeoutSeconds = query.longParam("timeoutSeconds", 0);

        List<ObjectNode> initial = List.of();
        if (rvParam.isEmpty() || rvParam.equals("0")) {
            StateStore.ListResult snapshot = store.list(type, namespace, filter);
            initial = snapshot.items();
            fromRv = snapshot.resourceVersion();
        }

        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
        channel.write(head);
        for (ObjectNode o : initial) send(channel, type, "ADDED", o, asTable, clock);
        channel.flush();

        StateStore.Watch watch;
        try {
            watch = store.watch(type, namespace, fromRv, event -> {
                if (!filter.test(event.object())) return;
                if (pendingBytes(channel) > MAX_PENDING_BYTES) {
                    channel.close();
                    return;
                }
                send(channel, type, event.type().name(), event.object(), asTable, clock);
                channel.flush();
            });
        } catch (ApiException gone) {
            // 410 Gone is delivered in-stream as an ERROR event, as Kubernetes does once headers are out.
            ObjectNode frame = Json.object();
            frame.put("type", "ERROR");
            frame.set("object", StatusBodies.failure(gone));
            writeFrame(channel, frame);
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        channel.closeFuture().addListener(f -> watch.close());
        if (timeoutSeconds > 0) {
            channel.eventLoop().schedule(() -> {
                watch.close();
                channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            }, timeoutSeconds, TimeUnit.SECONDS);
        }
    }

    private static long pendingBytes(Channel channel) {
        var out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private static void send(Channel channel, ResourceType type, String eventType, ObjectNode object,
                             boolean asTable, Clock clock) {
        ObjectNode frame = Json.object();
        frame.put("type", eventType);
        frame.set("object", asTable
                ? TableBodies.of(type, List.of(object), dev.shoal.api.Meta.resourceVersionNumber(object), clock.instant())
                : object);
        writeFrame(channel, frame);
    }

    private static void writeFrame(Channel channel, ObjectNode frame) {
        byte[] json = ManifestCodec.toJson(frame);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(line)));
    }
}
