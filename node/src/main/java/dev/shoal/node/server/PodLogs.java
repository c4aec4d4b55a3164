package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /api/v1/namespaces/NS/pods/NAME/log}, as {@code kubectl logs} calls it: the output of
 * one container of a pod, as {@code text/plain}, chunked. Parameters: {@code container} (required
 * when the pod has several), {@code tailLines}, {@code follow}; {@code previous} is refused
 * (containers append to one log across restarts, so there is no separate previous log);
 * {@code timestamps}, {@code sinceSeconds} and {@code limitBytes} are ignored.
 *
 * <p>Any node answers. If the pod runs here, the container's log file is read; otherwise the
 * request goes over HTTP to the node that runs it (its Node's InternalIP and kubelet port), and
 * that node's answer is streamed back chunk by chunk, never buffered whole. A forwarded request
 * carries {@link #FORWARDED_BY}; a node never forwards such a request again, so two nodes that
 * disagree about where a pod runs cannot bounce it between them.
 *
 * <p>Threading: {@link #serve} runs on an API worker (it reads the store, opens files, connects);
 * it throws {@link ApiException} only before the response head is written. A follow then
 * continues on the shared poller thread (local file) or on the HTTP client's callbacks
 * (forwarded), never on the event loop and never holding an API worker.
 */
public final class PodLogs {
    /** Names the node that forwarded the request; its presence forbids forwarding again. */
    static final String FORWARDED_BY = "X-Shoal-Forwarded-By";
    /**
     * How often a follow looks for new output. Polling, not a WatchService: the JDK's portable
     * WatchService watches directories, not appends to one file, and polls on several platforms
     * anyway; a size check every 200 ms per follower is cheap and feels live to a person.
     */
    static final Duration FOLLOW_POLL = Duration.ofMillis(200);
    /** One chunk of the response; also the unit of the backwards scan for tailLines. */
    static final int CHUNK = 64 * 1024;
    /** At most this much per follow per poll, so one chatty container cannot starve the poller. */
    private static final int MAX_BYTES_PER_POLL = 4 * 1024 * 1024;
    /** How long a forwarded request may take to get its answer's head; the body may then take forever (follow). */
    private static final Duration FORWARD_HEAD_TIMEOUT = Duration.ofSeconds(30);
    private static final String TEXT = "text/plain";

    /** What this node runs, as far as logs need it; implemented over the kubelet by the agent. */
    public interface Local {
        /** This node's name, as pods' {@code spec.nodeName} names it. */
        String nodeName();

        /** The current (or last) instance of a container of a pod running here. */
        Optional<Container> container(String podUid, String containerName);

        /** Whether that instance is still running: a follow ends when it stops. */
        boolean running(String containerId);

        /** A node without a kubelet: every pod is elsewhere. */
        Local NONE = new Local() {
            @Override public String nodeName() { return ""; }
            @Override public Optional<Container> container(String podUid, String containerName) { return Optional.empty(); }
            @Override public boolean running(String containerId) { return false; }
        };
    }

    /** One instance of a container and the file its stdout and stderr go to. */
    public record Container(String id, Path logFile) {}

    /** One log request, taken off the Netty request so the worker needs nothing refcounted. */
    record Request(String namespace, String pod, Query query, String uri, String forwardedBy, boolean keepAlive) {}

    /** The parameters, validated; {@code tailLines} is -1 for "all". */
    record Options(String container, boolean follow, long tailLines) {}

    private final StateStore store;
    private final Local local;
    private final HttpClient http;
    /** "https" when the agents' APIs speak TLS (they all do, or none: dev mode) */
    private final String scheme;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-log-follow");
        t.setDaemon(true);
        return t;
    });

    private final java.util.function.Supplier<String> credential;

    PodLogs(StateStore store, Local local) {
        this(store, local, () -> "");
    }

    /** @param credential what this node shows the node it forwards to (see the auth package's NodeCredentials) */
    PodLogs(StateStore store, Local local, java.util.function.Supplier<String> credential) {
        this(store, local, credential, null);
    }

    /** @param tls what the other agents' certificates must chain to; null: they speak plain HTTP */
    PodLogs(StateStore store, Local local, java.util.function.Supplier<String> credential, dev.shoal.node.tls.ApiTls tls) {
        this.store = store;
        this.local = local;
        this.credential = credential;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) b.sslContext(tls.peerContext());
        this.http = b.build();
        this.scheme = tls == null ? "http" : "https";
    }

    /** Answers the request on {@code channel}. @throws ApiException before anything was written */
    void serve(Channel channel, Request req) {
        ObjectKey key = new ObjectKey(ResourceType.POD, req.namespace(), req.pod());
        ObjectNode pod = store.get(key).orElseThrow(() -> ApiException.notFound(key));
        Options opts = options(pod, req.query());
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty()) throw ApiException.badRequest("pod " + req.pod() + " does not have a host assigned");
        if (node.equals(local.nodeName())) {
            serveLocal(channel, req, pod, opts);
        } else if (!req.forwardedBy().isEmpty()) {
            throw ApiException.unavailable("pod " + req.pod() + " runs on node " + node + ", not on " + local.nodeName()
                    + ", which " + req.forwardedBy() + " forwarded this request to; not forwarding it again");
        } else {
            forward(channel, req, node, opts);
        }
    }

    /** Kubernetes' parameter checks, with its messages. */
    static Options options(ObjectNode pod, Query q) {
        String name = pod.path("metadata").path("name").asText();
        String container = PodContainers.choose(pod, q.get("container"));
        long tail = q.longParam("tailLines", -1);
        if (tail < 0 && !q.get("tailLines").isEmpty()) {
            throw ApiException.badRequest("tailLines: Invalid value: " + tail + ": must be greater than or equal to 0",
                    FieldCause.invalid("tailLines", "must be greater than or equal to 0"));
        }
        if (q.flag("previous")) {
            throw ApiException.badRequest("previous terminated container \"" + container + "\" in pod \"" + name
                    + "\" not found", FieldCause.notSupported("previous", "containers keep one log across restarts"));
        }
        return new Options(container, q.flag("follow"), tail);
    }

    private void serveLocal(Channel channel, Request req, ObjectNode pod, Options opts) {
        String uid = pod.path("metadata").path("uid").asText("");
        Container c = local.container(uid, opts.container()).orElseThrow(() -> ApiException.badRequest(
                "container \"" + opts.container() + "\" in pod \"" + req.pod() + "\" is waiting to start: ContainerCreating"));
        FileChannel file;
        long from;
        long end;
        try {
            file = FileChannel.open(c.logFile(), StandardOpenOption.READ);
            end = file.size();
            from = opts.tailLines() < 0 ? 0 : tailOffset(file, end, opts.tailLines());
        } catch (NoSuchFileException e) {
            throw ApiException.badRequest("container \"" + opts.container() + "\" in pod \"" + req.pod()
                    + "\" has no log yet: it is starting or was removed");
        } catch (IOException e) {
            throw new ApiException(500, "InternalError", "reading the log of " + req.pod() + "/" + opts.container()
                    + ": " + e.getMessage(), List.of(), null);
        }
        writeHead(channel, 200, TEXT, opts.follow());
        if (opts.follow()) {
            new Follower(channel, file, from, c.id(), req.keepAlive()).start();
            return;
        }
        // Not a follow: what is there now, chunk by chunk; awaiting each write is the backpressure.
        try (file) {
            long pos = from;
            while (pos < end && channel.isActive()) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, end - pos));
                int n = file.read(buf, pos);
                if (n <= 0) break;
                pos += n;
                buf.flip();
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(buf))).awaitUninterruptibly();
            }
        } catch (IOException e) {
            channel.close();  // the head is out: nothing better to say
            return;
        }
        finish(channel, req.keepAlive());
    }

    /**
     * Where the last {@code lines} lines of the first {@code size} bytes begin. A final newline
     * ends the last line rather than starting an empty one, as {@code tail -n} counts.
     */
    static long tailOffset(SeekableByteChannel file, long size, long lines) throws IOException {
        if (lines == 0) return size;
        long newlines = 0;
        long pos = size;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        while (pos > 0) {
            int len = (int) Math.min(CHUNK, pos);
            pos -= len;
            buf.clear().limit(len);
            file.position(pos);
            while (buf.hasRemaining() && file.read(buf) > 0) { /* fill */ }
            for (int i = len - 1; i >= 0; i--) {
                long at = pos + i;
                if (buf.get(i) != '\n' || at == size - 1) continue;
                if (++newlines == lines) return at + 1;
            }
        }
        return 0;
    }

    /**
     * One local follow, polled on the shared poller thread: sends what was appended since the last
     * look, and ends when the client goes away, or when its container instance stopped and
     * everything it wrote has been sent.
     */
    private final class Follower implements Runnable {
        private final Channel channel;
        private final FileChannel file;
        private final String containerId;
        private final boolean keepAlive;
        private long pos;
        private ScheduledFuture<?> task;

        Follower(Channel channel, FileChannel file, long from, String containerId, boolean keepAlive) {
            this.channel = channel;
            this.file = file;
            this.pos = from;
            this.containerId = containerId;
            this.keepAlive = keepAlive;
        }

        void start() {
            dropIdleTimeout(channel);
            task = poller.scheduleWithFixedDelay(this, 0, FOLLOW_POLL.toMillis(), TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(f -> {
                try {
                    poller.execute(this::stop);
                } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                    stop();
                }
            });
        }

        @Override
        public void run() {
            if (!channel.isActive()) {
                stop();
                return;
            }
            // A slow reader: leave the bytes in the file until it catches up, instead of in memory.
            if (!channel.isWritable()) return;
            try {
                boolean wasRunning = local.running(containerId);  // before reading: its last words are then read too
                long sent = 0;
                while (sent < MAX_BYTES_PER_POLL && channel.isWritable()) {
                    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                    int n = file.read(buf, pos);
                    if (n <= 0) break;
                    pos += n;
                    sent += n;
                    buf.flip();
                    channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(buf)));
                }
                if (sent > 0) channel.flush();
                if (sent == 0 && !wasRunning) {
                    stop();
                    finish(channel, keepAlive);
                }
            } catch (IOException e) {
                stop();
                channel.close();
            }
        }

        /** Idempotent; on the poller thread, so it never races {@link #run}. */
        void stop() {
            if (task != null) task.cancel(false);
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
        }
    }

    /** Asks the node that runs the pod, and streams its answer back as it arrives. */
    private void forward(Channel channel, Request req, String node, Options opts) {
        String target = KubeletEndpoints.of(store, node, req.pod(), "the log of pod " + req.pod() + " cannot be read");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://" + target + req.uri()))
                .header(FORWARDED_BY, local.nodeName().isEmpty() ? "unknown" : local.nodeName())
                .GET();
        String token = credential.get();
        if (!token.isEmpty()) b.header("Authorization", "Bearer " + token);
        java.net.http.HttpResponse<Flow.Publisher<List<ByteBuffer>>> answer;
        try {
            answer = http.sendAsync(b.build(), java.net.http.HttpResponse.BodyHandlers.ofPublisher())
                    .get(FORWARD_HEAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw ApiException.unavailable("could not reach node " + node + " at " + target + " to read the log of pod "
                    + req.pod() + ": " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking node " + node + " for the log of pod " + req.pod());
        }
        String contentType = answer.headers().firstValue("Content-Type").orElse(TEXT);
        writeHead(channel, answer.statusCode(), contentType, opts.follow());
        if (opts.follow()) dropIdleTimeout(channel);
        answer.body().subscribe(new Relay(channel, req.keepAlive()));
    }

    /**
     * Copies the upstream body to the client one batch at a time: the next batch is requested only
     * once the last one is flushed (the proxy's backpressure), and a client that goes away cancels
     * the upstream request, which closes that connection and ends the other node's follow.
     */
    private static final class Relay implements Flow.Subscriber<List<ByteBuffer>> {
        private final Channel channel;
        private final boolean keepAlive;
        private volatile Flow.Subscription subscription;

        Relay(Channel channel, boolean keepAlive) {
            this.channel = channel;
            this.keepAlive = keepAlive;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            channel.closeFuture().addListener(f -> s.cancel());
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            ChannelFuture last = null;
            for (ByteBuffer b : buffers) last = channel.write(new DefaultHttpContent(Unpooled.copiedBuffer(b)));
            channel.flush();
            if (last == null) {
                subscription.request(1);
                return;
            }
            last.addListener(f -> {
                if (f.isSuccess()) subscription.request(1);
                else subscription.cancel();
            });
        }

        @Override
        public void onError(Throwable t) {
            channel.close();  // mid-stream: the client sees a truncated chunked body, as from Kubernetes
        }

        @Override
        public void onComplete() {
            finish(channel, keepAlive);
        }
    }

    private static void writeHead(Channel channel, int status, String contentType, boolean follow) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        if (follow) head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
        channel.writeAndFlush(head);
    }

    private static void finish(Channel channel, boolean keepAlive) {
        ChannelFuture f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    /** A follow is quiet whenever the container is: the idle timeout is for abandoned connections. */
    private static void dropIdleTimeout(Channel channel) {
        channel.eventLoop().execute(() -> {
            if (channel.pipeline().get(IdleStateHandler.class) != null) channel.pipeline().remove(IdleStateHandler.class);
        });
    }

    /** Stops the follow poller; open follows end with their connections. */
    void close() {
        poller.shutdownNow();
    }
}
