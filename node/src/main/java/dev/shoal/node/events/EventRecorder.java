package dev.shoal.node.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes Kubernetes core/v1 Events about objects, as {@code kubectl describe} and
 * {@code kubectl get events} show them. Like client-go's recorder: the same object, reason and
 * message again bumps {@code count} and {@code lastTimestamp} of one Event instead of adding
 * another; writes happen on a thread of their own, so whoever records never waits on the store;
 * when the store is slower than the events (the queue is full) events are dropped, never work.
 *
 * <p>Events expire: each node deletes the Events it reported once they are {@link #TTL} old
 * (Kubernetes' default event TTL), so no node needs to own the cleanup of everyone's.
 */
public final class EventRecorder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());
    public static final Duration TTL = Duration.ofHours(1);
    private static final Duration SWEEP = Duration.ofMinutes(5);
    private static final int QUEUE = 1024;

    /** What an Event is about. {@code fieldPath} names a part of it, e.g. {@code spec.containers{web}}; may be "". */
    public record Subject(ResourceType type, String namespace, String name, String uid, String fieldPath) {}

    private final StateStore store;
    private final String component;
    private final String host;
    private final Clock clock;
    private final ThreadPoolExecutor writer;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "shoal-events-ttl"));

    /** @param component who reports ("kubelet", "deployment-controller"); @param host this node's name */
    public EventRecorder(StateStore store, String component, String host, Clock clock) {
        this.store = store;
        this.component = component;
        this.host = host;
        this.clock = clock;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> daemon(r, "shoal-events-" + component));
        sweeper.scheduleWithFixedDelay(this::expire, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void normal(Subject about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    public void warning(Subject about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    private void record(Subject about, String type, String reason, String message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            writer.execute(() -> write(about, type, reason, message, now));
        } catch (RejectedExecutionException full) {
            LOG.fine("event dropped (the store is behind): " + reason + " " + message);
        }
    }

    private void write(Subject about, String type, String reason, String message, Instant at) {
        ObjectKey key = new ObjectKey(ResourceType.EVENT, about.namespace(), name(about, reason, message));
        try {
            if (store.get(key).isPresent()) {
                store.update(key, cur -> {
                    ObjectNode next = cur.deepCopy();
                    next.put("count", cur.path("count").asLong(1) + 1);
                    next.put("lastTimestamp", at.toString());
                    return next;
                });
            } else {
                store.create(ResourceType.EVENT, event(key, about, type, reason, message, at));
            }
        } catch (ApiException e) {
            // 409: another write of the same event raced this one; 404: deleted meanwhile; 503: no majority
            LOG.log(Level.FINE, "event " + key + " not written: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "event " + key + " not written", e);
        }
    }

    private ObjectNode event(ObjectKey key, Subject about, String type, String reason, String message, Instant at) {
        ObjectNode e = Json.object();
        e.put("apiVersion", "v1").put("kind", "Event");
        e.putObject("metadata").put("name", key.name()).put("namespace", key.namespace());
        ObjectNode involved = e.putObject("involvedObject");
        involved.put("apiVersion", about.type().apiVersion()).put("kind", about.type().kind())
                .put("namespace", about.namespace()).put("name", about.name()).put("uid", about.uid());
        if (!about.fieldPath().isEmpty()) involved.put("fieldPath", about.fieldPath());
        e.put("reason", reason).put("message", message).put("type", type);
        e.putObject("source").put("component", component).put("host", host);
        e.put("firstTimestamp", at.toString()).put("lastTimestamp", at.toString()).put("count", 1);
        e.put("reportingComponent", component).put("reportingInstance", host);
        return e;
    }

    /** Stable per (object, reason, message): how repeats find the Event to count on. */
    static String name(Subject about, String reason, String message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((about.uid() + "\n" + about.fieldPath() + "\n" + reason + "\n" + message).getBytes(StandardCharsets.UTF_8));
            return about.name() + "." + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Deletes this node's Events whose last occurrence is older than the TTL. */
    void expire() {
        Instant cutoff = clock.instant().minus(TTL);
        try {
            for (ObjectNode e : store.list(ResourceType.EVENT, "", ev -> host.equals(ev.path("source").path("host").asText())
                    && component.equals(ev.path("source").path("component").asText())).items()) {
                String last = e.path("lastTimestamp").asText("");
                if (!last.isEmpty() && Instant.parse(last).isBefore(cutoff)) {
                    store.delete(new ObjectKey(ResourceType.EVENT, e.path("metadata").path("namespace").asText(),
                            e.path("metadata").path("name").asText()), "");
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "expiring events failed; next sweep in " + SWEEP.toMinutes() + " min", e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);  // let queued events out; a stopping agent waits no longer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
