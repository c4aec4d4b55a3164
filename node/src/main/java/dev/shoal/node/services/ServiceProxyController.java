package dev.shoal.node.services;

import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.node.services.dns.DnsRecords;
import dev.shoal.node.services.dns.DnsTable;
import dev.shoal.proxy.ApplyResult;
import dev.shoal.proxy.ProxyTable;
import dev.shoal.proxy.ServiceProxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this node's {@link ServiceProxy} and cluster DNS in step with the Services and Pods in the
 * store, like kube-proxy: a change to either (watch events) asks for a rebuild; rebuilds run one at a time on
 * one thread, and the changes that arrive during one are served by the next, so a burst of pod
 * updates costs a few rebuilds, not one each. A resync every {@link #RESYNC} is the safety net
 * for a missed event, and a watch that breaks is reopened after a full rebuild.
 */
public final class ServiceProxyController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServiceProxyController.class.getName());
    static final Duration RESYNC = Duration.ofSeconds(10);

    private final StateStore store;
    private final ServiceProxy proxy;
    private final String nodeAddress;
    private final String clusterDomain;
    private final Consumer<DnsTable> dns;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-service-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Confined to the loop thread. */
    private final Lingering lingering = new Lingering();
    private final java.time.Clock clock;
    private final List<StateStore.Watch> watches = new ArrayList<>();
    private volatile boolean closed;

    /** @param dns takes each new table of names (a no-op where the node runs no DNS) */
    public ServiceProxyController(StateStore store, ServiceProxy proxy, String nodeAddress, String clusterDomain,
                                  Consumer<DnsTable> dns, java.time.Clock clock) {
        this.store = store;
        this.proxy = proxy;
        this.nodeAddress = nodeAddress;
        this.clusterDomain = clusterDomain;
        this.dns = dns;
        this.clock = clock;
    }

    public void start() {
        loop.execute(this::openWatches);
        loop.scheduleWithFixedDelay(this::requestRebuild, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Watches from now, then rebuilds from full lists: nothing changes unseen between the two. */
    private void openWatches() {
        if (closed) return;
        closeWatches();
        try {
            for (ResourceType type : List.of(ResourceType.SERVICE, ResourceType.POD)) {
                watches.add(store.watch(type, "", 0, e -> requestRebuild(), this::watchFailed));
            }
        } catch (ApiException e) {
            watchFailed(e);
        }
        rebuild();
    }

    private void watchFailed(ApiException e) {
        LOG.log(Level.FINE, "service proxy watch ended (" + e.getMessage() + "); reopening", e);
        submit(this::openWatches);
    }

    /** From any thread, never blocks: at most one rebuild waits behind the running one. */
    private void requestRebuild() {
        if (pending.compareAndSet(false, true)) submit(this::rebuild);
    }

    private void rebuild() {
        pending.set(false);
        if (closed) return;
        try {
            var services = store.list(ResourceType.SERVICE, "", s -> true).items();
            var pods = store.list(ResourceType.POD, "", p -> true).items();
            ProxyTable table = lingering.apply(ProxyTables.build(services, pods, nodeAddress), clock.instant());
            dns.accept(DnsRecords.build(clusterDomain, services, pods));
            ApplyResult result = proxy.apply(table);
            if (!result.ok()) LOG.warning("service proxy: some listeners could not be opened: " + result);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "service proxy rebuild failed; next try at the resync", e);
        }
    }

    private void submit(Runnable r) {
        try {
            loop.execute(r);
        } catch (RejectedExecutionException stopping) {
            // closed
        }
    }

    private void closeWatches() {
        for (StateStore.Watch w : watches) {
            try {
                w.close();
            } catch (Exception ignored) {
                // closing a watch
            }
        }
        watches.clear();
    }

    /** Stops following the store; the proxy itself is closed by its owner. */
    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
        closeWatches();
    }
}
