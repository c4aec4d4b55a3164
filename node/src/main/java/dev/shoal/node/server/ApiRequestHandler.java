package dev.shoal.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;
import dev.shoal.api.codec.ManifestCodec;
import dev.shoal.membership.StateStore;
import dev.shoal.node.auth.Attributes;
import dev.shoal.node.auth.Authenticator;
import dev.shoal.node.auth.Authorizer;
import dev.shoal.node.auth.RequestAuth;
import dev.shoal.node.auth.UserInfo;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateHandler;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes one HTTP request, after authenticating and authorizing it on the event loop (both are in
 * memory; see {@link RequestAuthorization}): health and discovery are answered on the event loop (cheap, no I/O);
 * resource calls block on the cluster, so they run on the worker executor and write their
 * response back from there. Shared by all channels.
 */
@io.netty.channel.ChannelHandler.Sharable
final class ApiRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ApiRequestHandler.class.getName());
    private final ResourceApi resources;
    private final StateStore store;
    private final Executor workers;
    private final ApiMetrics metrics;
    private final ServerInfo info;
    private final Clock clock;
    private final PodLogs logs;
    private final PodExec exec;
    private final RequestAuth auth;
    private final ApiRateLimit rateLimit;

    ApiRequestHandler(ResourceApi resources, StateStore store, Executor workers, ApiMetrics metrics,
                      ServerInfo info, Clock clock, PodLogs logs, PodExec exec, RequestAuth auth, ApiRateLimit rateLimit) {
        this.auth = auth;
        this.rateLimit = rateLimit;
        this.logs = logs;
        this.exec = exec;
        this.resources = resources;
        this.store = store;
        this.workers = workers;
        this.metrics = metrics;
        this.info = info;
        this.clock = clock;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        long start = System.nanoTime();
        if (req.decoderResult().isFailure()) {
            HttpUtil.setKeepAlive(req, false); // the decoder discards whatever follows: nothing more can be read here
            reply(ctx, req, error(MalformedRequests.of(req.decoderResult().cause())), start, "invalid", "");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path;
        Query query;
        try {
            path = uri.path();
            query = new Query(uri.parameters());
        } catch (IllegalArgumentException badEscape) {  // "%zz": Netty decodes lazily and throws
            reply(ctx, req, error(ApiException.badRequest("malformed request URI: " + badEscape.getMessage())), start, "invalid", "");
            return;
        }
        // Who is asking comes first: a bad credential is a 401 whatever it asked for (in memory: no blocking).
        Authenticator.Result who = auth.authenticate(req.headers().get(HttpHeaderNames.AUTHORIZATION),
                dev.shoal.node.tls.ApiTls.clientChain(ctx.channel()));
        if (rateLimit.refuse(ctx, req, who, path, req.method().equals(HttpMethod.GET) && query.flag("watch"))) {
            metrics.record(verb(req, false), "", 429, System.nanoTime() - start);
            return;
        }
        if (who instanceof Authenticator.Result.Invalid) {
            reply(ctx, req, error(RequestAuthorization.unauthorized()), start, verb(req, false), "");
            return;
        }
        UserInfo user = ((Authenticator.Result.Authenticated) who).user();
        Authorizer authorizer = auth.authorizer();
        Optional<ApiPath> resource;
        try {
            resource = ApiPath.parse(path);
        } catch (ApiException e) {
            // an unknown resource path: only those who may read any path learn that it is unknown
            ApiException denied = RequestAuthorization.check(authorizer, user, Attributes.nonResource("get", path), "");
            reply(ctx, req, error(denied != null ? denied : e), start, verb(req, false), "");
            return;
        }
        if (resource.isEmpty()) {
            ApiException denied = RequestAuthorization.check(authorizer, user, Attributes.nonResource("get", path), "");
            reply(ctx, req, denied != null ? error(denied) : fixedEndpoint(req, path), start, "get", "");
            return;
        }
        ApiPath p = resource.get();
        boolean watch = req.method().equals(HttpMethod.GET) && query.flag("watch");
        String verb = p.subresource().equals("log") ? "get"
                // kubectl opens exec with a GET upgrade; Kubernetes authorizes it as create, as a POST would be
                : p.subresource().equals("exec") ? "create"
                : watch ? "watch" : verb(req, p.isCollection());
        ApiException denied = RequestAuthorization.check(authorizer, user, RequestAuthorization.attributes(verb, p), p.type().qualifiedResource());
        if (denied != null) {
            reply(ctx, req, error(denied), start, verb, p.type().plural());
            return;
        }
        if (p.subresource().equals("log")) {
            serveLog(ctx, req, p, query, start);
            return;
        }
        if (p.subresource().equals("exec")) {
            serveExec(ctx, req, p, query, start);
            return;
        }
        ResourceApi.Requester requester = new ResourceApi.Requester(user.name(), authorizer.isClusterAdmin(user));
        if (watch && p.type().computed()) {
            reply(ctx, req, error(new ApiException(405, "MethodNotAllowed", p.type().plural() + " are computed when read in Shoal and cannot"
                    + " be watched; watch pods with the Service's selector instead", List.of(), null)), start, verb, p.type().plural());
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json");
        boolean asTable = TableBodies.wanted(req.headers().get(HttpHeaderNames.ACCEPT));
        req.retain();
        try {
            workers.execute(() -> {
                try {
                    if (watch) {
                        // A watch outlives any idle timeout: it is quiet whenever nothing changes.
                        if (ctx.pipeline().get(IdleStateHandler.class) != null) ctx.pipeline().remove(IdleStateHandler.class);
                        WatchStream.start(ctx.channel(), p.type(), p.namespace(), query, store, asTable, clock);
                        metrics.record(verb, p.type().plural(), 200, System.nanoTime() - start);
                        return;
                    }
                    reply(ctx, req, serve(req.method(), p, query, body, contentType, asTable, requester), start, verb, p.type().plural());
                } catch (ApiException e) {
                    reply(ctx, req, error(e), start, verb, p.type().plural());
                } catch (RuntimeException e) {
                    reply(ctx, req, error(new ApiException(500, "InternalError", "internal error: " + e, List.of(), null)),
                            start, verb, p.type().plural());
                } finally {
                    req.release();
                }
            });
        } catch (RejectedExecutionException full) {
            req.release();
            reply(ctx, req, new ApiResponse(429, StatusBodies.failure(new ApiException(429, "TooManyRequests",
                    "too many requests in flight on this node; retry", List.of(), null)), List.of()), start, verb, p.type().plural());
        }
    }

    /** pods/NAME/log streams its own response (see {@link PodLogs}); errors before the head are Statuses here. */
    private void serveLog(ChannelHandlerContext ctx, FullHttpRequest req, ApiPath p, Query query, long start) {
        String resource = "pods/log";
        if (!req.method().equals(HttpMethod.GET)) {
            reply(ctx, req, error(new ApiException(405, "MethodNotAllowed", "only GET is served at pods/log", List.of(), null)),
                    start, verb(req, false), resource);
            return;
        }
        PodLogs.Request r = new PodLogs.Request(p.namespace(), p.name(), query, req.uri(),
                req.headers().get(PodLogs.FORWARDED_BY, ""), HttpUtil.isKeepAlive(req));
        try {
            workers.execute(() -> {
                try {
                    logs.serve(ctx.channel(), r);
                    metrics.record("get", resource, 200, System.nanoTime() - start);
                } catch (ApiException e) {
                    reply(ctx, req, error(e), start, "get", resource);
                } catch (RuntimeException e) {
                    reply(ctx, req, error(new ApiException(500, "InternalError", "internal error: " + e, List.of(), null)),
                            start, "get", resource);
                }
            });
        } catch (RejectedExecutionException full) {
            reply(ctx, req, new ApiResponse(429, StatusBodies.failure(new ApiException(429, "TooManyRequests",
                    "too many requests in flight on this node; retry", List.of(), null)), List.of()), start, "get", resource);
        }
    }

    /**
     * pods/NAME/exec upgrades the connection to a WebSocket (see {@link PodExec}); refusals before
     * the upgrade are Statuses here. GET is what kubectl sends; POST is what older clients send.
     */
    private void serveExec(ChannelHandlerContext ctx, FullHttpRequest req, ApiPath p, Query query, long start) {
        String resource = "pods/exec";
        String verb = verb(req, false);
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.POST)) {
            reply(ctx, req, error(new ApiException(405, "MethodNotAllowed", "only GET and POST are served at pods/exec",
                    List.of(), null)), start, verb, resource);
            return;
        }
        PodExec.Request r = new PodExec.Request(p.namespace(), p.name(), query, req.uri(), req.headers().copy(),
                req.headers().get(PodLogs.FORWARDED_BY, ""));
        try {
            workers.execute(() -> {
                try {
                    int status = exec.serve(ctx.channel(), r);
                    metrics.record(verb, resource, status, System.nanoTime() - start);
                } catch (ApiException e) {
                    reply(ctx, req, error(e), start, verb, resource);
                } catch (RuntimeException e) {
                    reply(ctx, req, error(new ApiException(500, "InternalError", "internal error: " + e, List.of(), null)),
                            start, verb, resource);
                }
            });
        } catch (RejectedExecutionException full) {
            reply(ctx, req, new ApiResponse(429, StatusBodies.failure(new ApiException(429, "TooManyRequests",
                    "too many requests in flight on this node; retry", List.of(), null)), List.of()), start, verb, resource);
        }
    }

    private ApiResponse serve(HttpMethod method, ApiPath p, Query query, byte[] body, String contentType, boolean asTable,
                              ResourceApi.Requester requester) {
        if (method.equals(HttpMethod.GET)) {
            if (p.isCollection()) {
                StateStore.ListResult result = resources.list(p, query);
                return ApiResponse.ok(asTable
                        ? TableBodies.of(p.type(), result.items(), result.resourceVersion(), clock.instant())
                        : ResourceApi.listBody(p.type(), result));
            }
            ApiResponse one = resources.get(p);
            if (asTable && p.subresource().isEmpty()) {
                ObjectNode obj = (ObjectNode) one.body();
                return ApiResponse.ok(TableBodies.of(p.type(), List.of(obj), dev.shoal.api.Meta.resourceVersionNumber(obj), clock.instant()));
            }
            return one;
        }
        if (method.equals(HttpMethod.POST)) return resources.create(p, body, contentType, query, requester);
        if (method.equals(HttpMethod.PUT)) return resources.replace(p, body, contentType, query, requester);
        if (method.equals(HttpMethod.PATCH)) return resources.patch(p, body, contentType, query, requester);
        if (method.equals(HttpMethod.DELETE)) return resources.delete(p, body, query);
        throw new ApiException(405, "MethodNotAllowed", "method " + method + " is not supported", List.of(), null);
    }

    private ApiResponse fixedEndpoint(FullHttpRequest req, String path) {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            return error(new ApiException(405, "MethodNotAllowed", "only GET is served at " + path, List.of(), null));
        }
        return switch (path) {
            case "/healthz", "/livez" -> text(200, "ok");
            case "/readyz" -> info.ready() ? text(200, "ok") : text(503, "not ready: this node has not joined the cluster");
            case "/metrics" -> metricsResponse(req);
            case "/version" -> ApiResponse.ok(Discovery.version(info.shoalVersion()));
            case "/api" -> ApiResponse.ok(Discovery.coreVersions(info.advertisedAddress()));
            case "/apis" -> ApiResponse.ok(Discovery.groups());
            case "/api/v1" -> ApiResponse.ok(Discovery.resources(""));
            case "/apis/apps/v1" -> ApiResponse.ok(Discovery.resources("apps"));
            case "/apis/discovery.k8s.io/v1" -> ApiResponse.ok(Discovery.resources("discovery.k8s.io"));
            case "/openapi/v3" -> ApiResponse.ok(OpenApi.root());
            default -> path.startsWith("/openapi/v3/") ? OpenApi.groupVersion(path.substring("/openapi/v3/".length()))
                    .map(ApiResponse::ok)
                    .orElseGet(() -> error(new ApiException(404, "NotFound", "no OpenAPI document at " + path, List.of(), null)))
                    : error(new ApiException(404, "NotFound", "the server could not find the requested resource", List.of(), null));
        };
    }

    private ApiResponse metricsResponse(FullHttpRequest req) {
        return new ApiResponse(200, com.fasterxml.jackson.databind.node.TextNode.valueOf(
                info.metricsText(req.headers().get(HttpHeaderNames.ACCEPT))), List.of());
    }

    private static ApiResponse text(int status, String body) {
        return new ApiResponse(status, com.fasterxml.jackson.databind.node.TextNode.valueOf(body), List.of());
    }

    static ApiResponse error(ApiException e) {
        return new ApiResponse(e.code(), StatusBodies.failure(e), List.of());
    }

    private void reply(ChannelHandlerContext ctx, FullHttpRequest req, ApiResponse response, long startNanos,
                       String verb, String resource) {
        metrics.record(verb, resource, response.status(), System.nanoTime() - startNanos);
        JsonNode body = response.body();
        byte[] bytes;
        String contentType;
        if (body != null && body.isTextual()) {
            bytes = body.asText().getBytes(StandardCharsets.UTF_8);
            contentType = req.uri().startsWith("/metrics") ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8";
        } else {
            bytes = ManifestCodec.toJson(body);
            contentType = "application/json";
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                req.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, req.method().equals(HttpMethod.HEAD) ? 0 : bytes.length);
        for (String w : response.warnings()) {
            res.headers().add(HttpHeaderNames.WARNING, "299 - \"" + w.replace("\"", "'") + "\"");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            HttpUtil.setKeepAlive(res, true);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String verb(FullHttpRequest req, boolean collectionOrWatch) {
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.GET)) return collectionOrWatch ? "list" : "get";
        if (m.equals(HttpMethod.POST)) return "create";
        if (m.equals(HttpMethod.PUT)) return "update";
        if (m.equals(HttpMethod.PATCH)) return "patch";
        if (m.equals(HttpMethod.DELETE)) return "delete";
        return m.name().toLowerCase();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. Netty's decoder refusing more than 128 pipelined requests: the connection is not worth keeping
        LOG.fine(() -> "closing API connection from " + ctx.channel().remoteAddress() + ": " + cause);
        ctx.close();
    }
}
