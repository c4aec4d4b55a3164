package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET|POST /api/v1/namespaces/NS/pods/NAME/exec?command=..&command=..&container=C&stdin=true&stdout=true&stderr=true},
 * as {@code kubectl exec} calls it: a WebSocket speaking Kubernetes' channel protocol
 * ({@link ExecProtocol}, v5 or v4), over which a command runs beside one container of the pod.
 *
 * <p>Any node answers. Everything that can be refused is refused before the upgrade, as a
 * Kubernetes Status (404 no such pod; 400 naming the parameter, or a pod without a running
 * container; 429 past {@link #MAX_SESSIONS}). Then, if the pod runs here, an {@link ExecSession}
 * runs the command; otherwise an {@link ExecRelay} opens a WebSocket to the node that runs it, with
 * the same path and query, the subprotocols the client offered and {@link PodLogs#FORWARDED_BY},
 * and the client is upgraded with the subprotocol that node chose. A refusal from that node is
 * passed on as its Status. A forwarded request is never forwarded again (see {@link PodLogs}).
 *
 * <p>Threading: {@link #serve} runs on an API worker and returns once the upgrade is under way;
 * commands run on threads of their own ({@code shoal-exec}), relays on no thread at all (Netty's
 * event loop and the HTTP client's callbacks), so a long exec holds no API worker.
 */
public final class PodExec implements AutoCloseable {
    /** Exec sessions (local and relayed) per node; each local one holds a thread or three for its command. */
    static final int MAX_SESSIONS = 64;
    /** How long the other node may take to accept a forwarded exec's WebSocket. */
    private static final Duration FORWARD_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /** What this node runs, as far as exec needs it; implemented over the kubelet by the agent. */
    public interface Local {
        /** This node's name, as pods' {@code spec.nodeName} names it. */
        String nodeName();

        /** The ID of the running instance of a pod's container here; empty when it does not run here. */
        Optional<String> runningContainer(String podUid, String containerName);

        /** Runs the command beside that container, streaming it; blocks until it ended. See the kubelet's ContainerRuntime. */
        int exec(String containerId, List<String> command, InputStream stdinOrNull, Output output) throws IOException;

        /** A node without a kubelet: every pod is elsewhere. */
        Local NONE = new Local() {
            @Override public String nodeName() { return ""; }
            @Override public Optional<String> runningContainer(String podUid, String containerName) { return Optional.empty(); }
            @Override public int exec(String containerId, List<String> command, InputStream stdin, Output output) throws IOException {
                throw new IOException("this node runs no containers");
            }
        };
    }

    /** Where a command's output goes, as it comes; thread-safe, and blocking is the backpressure. */
    public interface Output {
        void stdout(byte[] chunk) throws IOException;

        void stderr(byte[] chunk) throws IOException;
    }

    /** One exec request, taken off the Netty request so the worker needs nothing refcounted. */
    record Request(String namespace, String pod, Query query, String uri, HttpHeaders headers, String forwardedBy) {}

    private final StateStore store;
    private final Local local;
    private final Semaphore sessions = new Semaphore(MAX_SESSIONS);
    private final ExecutorService commands = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shoal-exec");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;
    /** "wss" when the agents' APIs speak TLS (they all do, or none: dev mode) */
    private final String scheme;

    private final java.util.function.Supplier<String> credential;

    PodExec(StateStore store, Local local) {
        this(store, local, () -> "");
    }

    /** @param credential what this node shows the node it relays to (see the auth package's NodeCredentials) */
    PodExec(StateStore store, Local local, java.util.function.Supplier<String> credential) {
        this(store, local, credential, null);
    }

    /** @param tls what the other agents' certificates must chain to; null: they speak plain HTTP */
    PodExec(StateStore store, Local local, java.util.function.Supplier<String> credential, dev.shoal.node.tls.ApiTls tls) {
        this.store = store;
        this.local = local;
        this.credential = credential;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) b.sslContext(tls.peerContext());
        this.http = b.build();
        this.scheme = tls == null ? "ws" : "wss";
    }

    /**
     * Upgrades the connection and starts the exec, here or relayed.
     * @return the HTTP status answered: 101
     * @throws ApiException before anything was written
     */
    int serve(Channel channel, Request req) {
        ObjectKey key = new ObjectKey(ResourceType.POD, req.namespace(), req.pod());
        ObjectNode pod = store.get(key).orElseThrow(() -> ApiException.notFound(key));
        ExecOptions options = ExecOptions.parse(pod, req.query());
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            throw ApiException.badRequest("cannot exec into a container in a completed pod; current phase is " + phase);
        }
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty()) throw ApiException.badRequest("pod " + req.pod() + " does not have a host assigned");
        List<String> offered = WebSocketUpgrade.check(req.headers());
        if (node.equals(local.nodeName())) {
            String containerId = local.runningContainer(pod.path("metadata").path("uid").asText(""), options.container())
                    .orElseThrow(() -> ApiException.badRequest(notRunning(pod, options.container())));
            Permit permit = permit();
            ExecSession session = new ExecSession(channel, offered.get(0), options, containerId, local, permit::release);
            WebSocketUpgrade.upgrade(channel, req.uri(), req.headers(), offered.get(0), session).addListener(f -> {
                if (f.isSuccess()) session.start(commands);
                else permit.release();
            });
        } else if (!req.forwardedBy().isEmpty()) {
            throw ApiException.unavailable("pod " + req.pod() + " runs on node " + node + ", not on " + local.nodeName()
                    + ", which " + req.forwardedBy() + " forwarded this request to; not forwarding it again");
        } else {
            forward(channel, req, node, offered);
        }
        return 101;
    }

    /** Kubernetes' words where it has them: "waiting to start: ContainerCreating". */
    private static String notRunning(ObjectNode pod, String container) {
        String name = pod.path("metadata").path("name").asText();
        for (var s : pod.path("status").path("containerStatuses")) {
            if (!s.path("name").asText().equals(container)) continue;
            String waiting = s.path("state").path("waiting").path("reason").asText("");
            if (!waiting.isEmpty()) return "container \"" + container + "\" in pod \"" + name + "\" is waiting to start: " + waiting;
        }
        return "container \"" + container + "\" in pod \"" + name + "\" is not running";
    }

    /** Opens the exec on the node that runs the pod, then upgrades the client with the subprotocol that node chose. */
    private void forward(Channel channel, Request req, String node, List<String> offered) {
        String target = KubeletEndpoints.of(store, node, req.pod(), "exec cannot reach pod " + req.pod());
        Permit permit = permit();
        ExecRelay relay = new ExecRelay(channel);
        WebSocket upstream;
        try {
            WebSocket.Builder builder = http.newWebSocketBuilder()
                    .header(PodLogs.FORWARDED_BY, local.nodeName().isEmpty() ? "unknown" : local.nodeName());
            String token = credential.get();
            if (!token.isEmpty()) builder.header("Authorization", "Bearer " + token);
            upstream = builder
                    .subprotocols(offered.get(0), offered.subList(1, offered.size()).toArray(String[]::new))
                    .buildAsync(URI.create(scheme + "://" + target + req.uri()), relay)
                    .get(FORWARD_HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            permit.release();
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                // the other node answered without upgrading: its Status is the answer
                Object body = refused.getResponse().body();
                throw StatusBodies.toException(refused.getResponse().statusCode(), body instanceof String s ? s : "");
            }
            throw ApiException.unavailable("could not reach node " + node + " at " + target + " to exec in pod "
                    + req.pod() + ": " + e.getCause());
        } catch (TimeoutException e) {
            permit.release();
            throw ApiException.unavailable("node " + node + " at " + target + " did not accept the exec in pod " + req.pod()
                    + " within " + FORWARD_HANDSHAKE_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            permit.release();
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking node " + node + " to exec in pod " + req.pod());
        }
        relay.attach(upstream);
        WebSocketUpgrade.upgrade(channel, req.uri(), req.headers(), upstream.getSubprotocol(), relay.inbound()).addListener(f -> {
            if (f.isSuccess()) {
                channel.closeFuture().addListener(x -> permit.release());
                relay.start();
            } else {
                upstream.abort();
                permit.release();
            }
        });
    }

    private Permit permit() {
        if (!sessions.tryAcquire()) {
            throw new ApiException(429, "TooManyRequests", "too many exec sessions on this node (" + MAX_SESSIONS
                    + "); retry later", List.of(), null);
        }
        return new Permit();
    }

    /** One session's place under {@link #MAX_SESSIONS}; released once, however many ways the session ends. */
    private final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) sessions.release();
        }
    }

    /** Running commands are interrupted (killed); their connections close with the server. */
    @Override
    public void close() {
        commands.shutdownNow();
    }
}
