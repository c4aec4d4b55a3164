package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;
import dev.shoal.node.events.EventRecorder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The kubelet: runs the pods bound to this node ({@code spec.nodeName}) and is the only writer of
 * their status. Level-driven: the watch on pods and a periodic resync only enqueue pod keys; one
 * dispatcher thread takes a key, reads the pod fresh, and starts, updates or ends that pod's
 * {@link PodWorker}. Guarantee: a pod is never reconciled concurrently (one dispatcher; one
 * worker per pod).
 *
 * <p>A pod ends here when it is deleted, marked for deletion, given up for lost by the cluster
 * (status.reason NodeLost: it was replaced while this node was away), or bound elsewhere: its
 * containers get SIGTERM, SIGKILL after its grace period, and its host ports are freed.
 *
 * <p>Containers outlive the agent: {@link #close()} leaves them running, and {@link #start()}
 * adopts those whose pods are still bound here and stops the others.
 */
public final class PodManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PodManager.class.getName());
    /** Sentinel key: relist everything (after a watch error). */
    private static final String RELIST = "";

    private final KubeletContext ctx;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Set<String> queued = new LinkedHashSet<>();
    private final Map<String, List<RunningContainer>> adoptable = new HashMap<>();
    private final ScheduledExecutorService resync = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "shoal-kubelet-resync"));
    private final Thread dispatcher = daemon(this::dispatch, "shoal-kubelet");
    private volatile StateStore.Watch watch;
    private volatile boolean closed;

    public PodManager(StateStore store, ContainerRuntime runtime, HostPorts ports, String nodeName, String hostIP,
                      KubeletConfig config, Clock clock) {
        this.ctx = new KubeletContext(store, runtime, ports, new Prober(runtime), nodeName, hostIP, config, clock,
                new EventRecorder(store, "kubelet", nodeName, clock));
    }

    /** The kubelet over {@code runtime}, host ports from the default range on the node's address. */
    public static PodManager create(StateStore store, ContainerRuntime runtime, String nodeName, String hostIP,
                                   KubeletConfig config, Clock clock) {
        try {
            return new PodManager(store, runtime, new HostPorts(InetAddress.getByName(hostIP), HostPorts.Range.DEFAULT),
                    nodeName, hostIP, config, clock);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hostIP, e);
        }
    }

    public void start() {
        ctx.runtime().onExit(podUid -> workers.values().stream().filter(w -> w.uid().equals(podUid)).forEach(PodWorker::wake));
        for (RunningContainer c : ctx.runtime().listOwned(ctx.nodeName())) {
            adoptable.computeIfAbsent(c.podUid(), u -> new ArrayList<>()).add(c);
        }
        if (!adoptable.isEmpty()) LOG.info("found " + adoptable.size() + " pod(s) still running from an earlier agent");
        dispatcher.start();
        openWatch();
        long period = ctx.config().resync().toMillis();
        resync.scheduleWithFixedDelay(() -> enqueue(RELIST), period, period, TimeUnit.MILLISECONDS);
    }

    /** Lists the pods and watches from the list's resourceVersion, so no change falls between. */
    private void openWatch() {
        StateStore.ListResult pods = listOurs();
        pods.items().forEach(p -> enqueue(key(p)));
        // containers whose pods are not bound here any more: nobody else will stop them
        Set<String> wanted = pods.items().stream().map(Meta::uid).collect(Collectors.toSet());
        List<RunningContainer> orphans = new ArrayList<>();
        synchronized (adoptable) {
            adoptable.entrySet().removeIf(e -> {
                if (wanted.contains(e.getKey())) return false;
                orphans.addAll(e.getValue());
                return true;
            });
        }
        stopOrphans(orphans);
        try {
            watch = ctx.store().watch(ResourceType.POD, "", pods.resourceVersion(),
                    ev -> enqueue(key(ev.object())), this::watchFailed);
        } catch (ApiException e) {
            watchFailed(e);
        }
    }

    /** Called on a store thread; must not block: the dispatcher reopens the watch. */
    private void watchFailed(ApiException e) {
        LOG.log(Level.INFO, "pod watch ended (" + e.getMessage() + "); listing again", e);
        watch = null;
        enqueue(RELIST);
    }

    private StateStore.ListResult listOurs() {
        return ctx.store().list(ResourceType.POD, "", p -> ctx.nodeName().equals(p.path("spec").path("nodeName").asText("")));
    }

    /** Event handlers only do this: remember the key, wake the dispatcher. Never blocks. */
    private void enqueue(String key) {
        synchronized (queued) {
            if (queued.add(key)) queued.notifyAll();
        }
    }

    private void dispatch() {
        while (!closed) {
            String key;
            synchronized (queued) {
                while (queued.isEmpty() && !closed) {
                    try {
                        queued.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) return;
                var it = queued.iterator();
                key = it.next();
                it.remove();
            }
            try {
                if (key.equals(RELIST)) relist();
                else reconcile(key);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "kubelet: reconciling " + (key.isEmpty() ? "all pods" : key) + " failed; retrying at the next resync", e);
            }
        }
    }

    /** The resync: every pod bound here and every pod with a worker gets reconciled. */
    private void relist() {
        if (watch == null) {
            openWatch();
        } else {
            listOurs().items().forEach(p -> enqueue(key(p)));
        }
        workers.keySet().forEach(this::enqueue);
    }

    /** Desired (the stored pod) against observed (the worker, if any): start, update or end it. */
    private void reconcile(String key) {
        int slash = key.indexOf('/');
        ObjectKey objectKey = new ObjectKey(ResourceType.POD, key.substring(0, slash), key.substring(slash + 1));
        Optional<ObjectNode> stored = ctx.store().get(objectKey);
        Optional<PodView> pod = stored.map(p -> PodView.of(p, ctx.config().defaultGrace()));
        PodWorker worker = workers.get(key);
        boolean runsHere = pod.isPresent() && pod.get().runsOn(ctx.nodeName());
        if (worker != null && (!runsHere || !worker.uid().equals(pod.get().uid()))) {
            workers.remove(key);
            LOG.info("pod " + key + (pod.isEmpty() ? " was deleted" : " no longer runs here") + "; stopping its containers");
            worker.end(PodWorker.Ending.STOP_CONTAINERS);
            worker = null;
        }
        if (!runsHere) {
            // an adopted container whose pod just became not ours
            pod.map(PodView::uid).map(this::takeAdoptable).ifPresent(this::stopOrphans);
            return;
        }
        if (worker == null) {
            worker = new PodWorker(ctx, pod.get(), stored.get().get("status"), takeAdoptable(pod.get().uid()));
            workers.put(key, worker);
            worker.start();
        } else {
            worker.update(pod.get(), stored.get().get("status"));
        }
    }

    private List<RunningContainer> takeAdoptable(String uid) {
        synchronized (adoptable) {
            List<RunningContainer> found = adoptable.remove(uid);
            return found == null ? List.of() : found;
        }
    }

    /** Stops containers no pod here wants, off the dispatcher: a stubborn one takes the whole grace period. */
    private void stopOrphans(List<RunningContainer> orphans) {
        for (RunningContainer c : orphans) {
            LOG.info("stopping container " + c.containerName() + " of pod " + c.podNamespace() + "/" + c.podName()
                    + ": the pod is no longer bound to this node");
            daemon(() -> {
                ctx.runtime().stop(c.id(), ctx.config().defaultGrace());
                ctx.runtime().remove(c.id());
            }, "shoal-stop-orphan-" + c.id()).start();
        }
    }

    /** Where a container's output is, and which instance wrote it; see {@link #containerLog}. */
    public record ContainerLog(String containerId, Path file) {}

    /**
     * Read-only, any thread: the log of the current (or, once exited, the last) instance of a
     * container of a pod on this node; empty if this node has not started it (or removed it).
     */
    public Optional<ContainerLog> containerLog(String podUid, String containerName) {
        return ctx.runtime().latest(podUid, containerName).flatMap(c -> {
            try {
                return Optional.of(new ContainerLog(c.id(), ctx.runtime().logFile(c.id())));
            } catch (IllegalArgumentException removedMeanwhile) {
                return Optional.empty();
            }
        });
    }

    /** Read-only, any thread: whether that instance is still running (a followed log ends when it stops). */
    public boolean isRunning(String containerId) {
        return ctx.runtime().inspect(containerId).map(s -> s instanceof ContainerState.Running).orElse(false);
    }

    /**
     * Read-only, any thread: the ID of the running instance of a pod's container on this node, as
     * {@code exec} needs it; empty when it is not running here (not started yet, exited, removed).
     */
    public Optional<String> runningContainer(String podUid, String containerName) {
        return ctx.runtime().latest(podUid, containerName).map(RunningContainer::id).filter(this::isRunning);
    }

    /**
     * Runs a command beside a running container and streams it ({@code kubectl exec}); see
     * {@link ContainerRuntime#exec(String, List, InputStream, ExecSink)}. Blocks for the command's
     * lifetime: call it on a thread of the caller's, never the kubelet's or an event loop.
     */
    public int exec(String containerId, List<String> command, InputStream stdin, ExecSink sink) throws IOException {
        return ctx.runtime().exec(containerId, command, stdin, sink);
    }

    /** This node's name, as pods' {@code spec.nodeName} names it. */
    public String nodeName() {
        return ctx.nodeName();
    }

    private static String key(ObjectNode pod) {
        return Meta.namespace(pod) + "/" + Meta.name(pod);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops watching and ends the workers, leaving their containers running for the next agent. */
    @Override
    public void close() {
        closed = true;
        StateStore.Watch w = watch;
        if (w != null) w.close();
        resync.shutdownNow();
        synchronized (queued) {
            queued.notifyAll();
        }
        workers.values().forEach(w2 -> w2.end(PodWorker.Ending.LEAVE_RUNNING));
        for (PodWorker worker : workers.values()) {
            try {
                worker.awaitEnded(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ctx.events().close();
    }
}
