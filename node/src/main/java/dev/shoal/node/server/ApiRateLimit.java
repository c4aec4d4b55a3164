package dev.shoal.node.server;

import dev.shoal.api.ApiException;
import dev.shoal.api.codec.ManifestCodec;
import dev.shoal.node.auth.Authenticator;
import dev.shoal.node.auth.UserInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The per-client rate limit at the API's door: who the client is, who is exempt, and the 429
 * Kubernetes clients understand (a {@code Status} with reason TooManyRequests and a
 * {@code Retry-After} header, which client-go and Shoal's CLI wait out and retry).
 *
 * <p>The client is the authenticated user; a request without valid credentials counts against
 * its remote address (so a token guesser is slowed too). Exempt: Shoal's own agents (group
 * {@code system:nodes}, forwarding logs and exec), health endpoints (probes of load balancers),
 * and watches, which are one long request each rather than a rate.
 */
final class ApiRateLimit {
    private static final Set<String> HEALTH = Set.of("/healthz", "/livez", "/readyz");

    private final ClientRateLimiter limiter;
    private final Counter limited;

    ApiRateLimit(ApiLimits limits, MeterRegistry registry, Clock clock) {
        this.limiter = new ClientRateLimiter(limits.rateLimit(), limits.burst(), clock);
        this.limited = Counter.builder("shoal.api.rate.limited")
                .description("API requests refused with 429 because their client exceeded --api-rate-limit")
                .register(registry);
    }

    /** Who a request counts against, or null when it is exempt. */
    static String client(Authenticator.Result who, SocketAddress remote, String path, boolean watch) {
        if (watch || HEALTH.contains(path)) return null;
        if (who instanceof Authenticator.Result.Authenticated a && !a.user().isAnonymous()) {
            if (a.user().groups().contains(UserInfo.NODES)) return null;
            return "user:" + a.user().name();
        }
        return "ip:" + (remote instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : String.valueOf(remote));
    }

    /** Answers 429 and returns true when the request's client is over its rate; false: serve it. */
    boolean refuse(ChannelHandlerContext ctx, FullHttpRequest req, Authenticator.Result who, String path, boolean watch) {
        if (!limiter.enabled()) return false;
        String client = client(who, ctx.channel().remoteAddress(), path, watch);
        if (client == null || !(limiter.acquire(client) instanceof ClientRateLimiter.Decision.Limited l)) return false;
        limited.increment();
        long seconds = l.retryAfter().toSeconds();
        ApiException e = new ApiException(429, "TooManyRequests", "too many requests from " + client
                + "; the limit is " + (long) Math.floor(limiter.qps()) + " a second; retry after " + seconds + " s", List.of(), null);
        byte[] body = ManifestCodec.toJson(StatusBodies.failure(e));
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.TOO_MANY_REQUESTS,
                req.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, req.method().equals(HttpMethod.HEAD) ? 0 : body.length);
        res.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        var written = ctx.writeAndFlush(res);
        if (!HttpUtil.isKeepAlive(req)) written.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        return true;
    }
}
