package dev.shoal.node.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterMember;
import dev.shoal.membership.StateStore;
import dev.shoal.node.ShoalVersion;
import dev.shoal.node.auth.ClusterAuth;
import dev.shoal.node.server.ServerInfo;
import dev.shoal.node.server.ApiServer;
import dev.shoal.node.server.PodExec;
import dev.shoal.node.server.PodLogs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.shoal.node.controller.BiddingPlacer;
import dev.shoal.node.controller.DeploymentController;
import dev.shoal.node.controller.GarbageCollector;
import dev.shoal.node.kubelet.ContainerRuntime;
import dev.shoal.node.kubelet.ExecSink;
import dev.shoal.node.kubelet.PodManager;
import dev.shoal.node.kubelet.Runtimes;
import dev.shoal.node.services.AllocationRepair;
import dev.shoal.node.services.ClusterAllocations;
import dev.shoal.node.services.ServiceAllocator;
import dev.shoal.node.services.LocalRoute;
import dev.shoal.node.services.ServiceProxyController;
import dev.shoal.node.services.dns.ClusterDns;
import dev.shoal.node.kubelet.ContainerDns;
import dev.shoal.proxy.ProxySettings;
import dev.shoal.proxy.ServiceProxy;
import java.security.SecureRandom;
import dev.shoal.scheduling.cluster.BiddingService;

import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * One running agent: joins the cluster, publishes its Node, serves the API. Started by
 * {@link AgentCommand} and by tests; {@link #close()} stops everything in reverse order.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Agent.class.getName());

    private final ClusterMember member;
    private final List<AutoCloseable> parts;
    private final ApiServer api;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param parts started in this order; closed in reverse */
    private Agent(ClusterMember member, List<AutoCloseable> parts, ApiServer api) {
        this.member = member;
        this.parts = parts;
        this.api = api;
    }

    public static Agent start(AgentSettings settings) throws InterruptedException, java.io.IOException {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        // Cluster IPs must be local before the proxy and the DNS can listen on them.
        boolean serviceRangeLocal = LocalRoute.ensure(settings.serviceRange());
        // first, so an agent told to use Docker where there is none fails before it joins anything
        ContainerRuntime runtime = Runtimes.open(settings.runtime(), settings.dockerHost(), settings.dataDir(),
                settings.nodeName(), settings.bindAddress(), containerDns(settings, serviceRangeLocal), clock);
        ClusterSecret.Resolved secret = ClusterSecret.resolve(Optional.ofNullable(settings.clusterSecretFile()),
                settings.dataDir(), settings.bindAddress(), settings.otherPeers());
        secret.notice().ifPresent(n -> {
            if (secret.secret().isEmpty()) LOG.warning(n);
            System.out.println("shoal agent " + settings.nodeName() + ": " + n);
        });
        ClusterMember member = ClusterMember.start(settings.cluster(secret.secret()));
        Gauge.builder("shoal.cluster.members", member, m -> m.members().size())
                .description("members in the cluster as this node sees it").register(registry);
        StateStore store = new TimedStateStore(member.store(), registry);
        ClusterAuth auth;
        try {
            auth = ClusterAuth.start(member.hazelcast(), settings.nodeName(), settings.dataDir(), settings.auth());
        } catch (IOException | RuntimeException e) {
            member.close();
            throw e;
        }
        if (settings.auth().insecureDev()) {
            String warning = "--insecure-dev: requests WITHOUT CREDENTIALS act as cluster-admin on this node's API ("
                    + settings.bindAddress() + ":" + settings.apiPort() + ", loopback only). Never use this outside development.";
            LOG.warning(warning);
            System.err.println("WARNING: " + warning);
        }

        List<SimulatedNodes.Node> simulated = settings.simulated().of(settings.nodeName());
        NodeRegistrar registrar = new NodeRegistrar(member, new NodeRegistrar.NodeIdentity(settings.nodeName(),
                settings.bindAddress(), settings.apiPort(), settings.capacity(), settings.labels(), ShoalVersion.VERSION,
                runtime.version()),
                simulated, clock);
        registrar.start();

        LocalNodeProfile profile = new LocalNodeProfile(store, settings.nodeName());
        profile.start();
        BiddingService bidding = new BiddingService(member.hazelcast(), profile::get).start();
        // Simulated nodes bid with the profile their published Node object reads as (same code path as the real one).
        bidding.addSimulatedNodes(registrar.simulatedProfiles());
        List<String> hosted = new ArrayList<>(List.of(settings.nodeName()));
        simulated.forEach(sim -> hosted.add(sim.name()));
        LedgerSweeper sweeper = new LedgerSweeper(store, bidding.ledgers(), hosted);
        sweeper.start();
        DeploymentController deployments = new DeploymentController(member, store, new BiddingPlacer(bidding), registry, clock);
        deployments.start();
        GarbageCollector gc = new GarbageCollector(member, store);
        gc.start();
        // Closing the kubelet leaves the containers running for the next agent to adopt.
        PodManager kubelet = PodManager.create(store, runtime, settings.nodeName(), settings.bindAddress(),
                settings.kubelet(), clock);
        kubelet.start();
        // every node serves every Service's cluster IP (and node ports on its own address)
        ServiceProxy proxy = ServiceProxy.start(ProxySettings.defaults(), registry);
        ClusterAllocations allocations = new ClusterAllocations(member.hazelcast(), clock);
        AllocationRepair repair = new AllocationRepair(allocations, store, clock);
        repair.start();
        Optional<ClusterDns> dns = startDns(settings, registry);
        ServiceProxyController services = new ServiceProxyController(store, proxy, settings.bindAddress(),
                settings.dns().domain(), table -> dns.ifPresent(d -> d.update(table)), clock);
        services.start();

        String advertised = settings.bindAddress() + ":" + settings.apiPort();
        ApiServer api = ApiServer.start(settings.bindAddress(), settings.apiPort(), store, registry,
                new ServerInfo() {
                    @Override public String shoalVersion() { return ShoalVersion.VERSION; }
                    @Override public String advertisedAddress() { return advertised; }
                    @Override public boolean ready() { return true; }
                    @Override public String metricsText(String accept) { return registry.scrape(accept == null ? "text/plain" : accept); }
                }, clock, localLogs(kubelet), localExec(kubelet),
                new ServiceAllocator(allocations, settings.serviceRange(), new SecureRandom()), auth, settings.apiLimits());
        LOG.info("shoal agent " + settings.nodeName() + " ready: API http://" + advertised
                + ", cluster " + settings.bindAddress() + ":" + settings.clusterPort()
                + ", " + member.members().size() + " member(s)");
        System.out.println("shoal agent " + settings.nodeName() + " ready: API http://" + advertised
                + "  (try: ./shoal --server " + advertised + " get nodes)");
        return new Agent(member, List.of(auth, runtimeCloser(runtime), registrar, profile, bidding, sweeper, deployments, gc, kubelet,
                proxy, services, repair, () -> dns.ifPresent(ClusterDns::close)), api);
    }

    /**
     * Docker containers resolve through the cluster DNS when they can reach it: not on loopback,
     * which inside a container is the container's own.
     */
    private static ContainerDns containerDns(AgentSettings settings, boolean serviceRangeLocal) {
        return settings.clusterDnsAddress()
                .filter(address -> serviceRangeLocal && !address.startsWith("127."))
                .map(address -> new ContainerDns(address, settings.dns().domain())).orElse(null);
    }

    /** The node's DNS responder; an agent without one still runs (Services stay reachable by cluster IP). */
    private static Optional<ClusterDns> startDns(AgentSettings settings, MeterRegistry registry) {
        Optional<String> address = settings.clusterDnsAddress();
        if (address.isEmpty()) return Optional.empty();
        InetSocketAddress listen = new InetSocketAddress(address.get(), settings.dns().port());
        try {
            ClusterDns dns = ClusterDns.start(listen, settings.dns().domain(),
                    settings.dns().upstreamAddress(address.get(), Path.of("/etc/resolv.conf")), registry);
            LOG.info("cluster DNS for " + settings.dns().domain() + " on " + address.get() + ":" + settings.dns().port());
            return Optional.of(dns);
        } catch (IOException e) {
            LOG.warning(e.getMessage() + "; Service names do not resolve on this node (cluster IPs and env vars still work)");
            return Optional.empty();
        }
    }

    /** Closed last (parts close in reverse): the kubelet stops using it first. */
    private static AutoCloseable runtimeCloser(ContainerRuntime runtime) {
        return () -> {
            if (runtime instanceof AutoCloseable c) c.close();
        };
    }

    /** The kubelet's containers, as the API's pods/log reads them. */
    private static PodLogs.Local localLogs(PodManager kubelet) {
        return new PodLogs.Local() {
            @Override public String nodeName() { return kubelet.nodeName(); }
            @Override public Optional<PodLogs.Container> container(String podUid, String containerName) {
                return kubelet.containerLog(podUid, containerName).map(c -> new PodLogs.Container(c.containerId(), c.file()));
            }
            @Override public boolean running(String containerId) { return kubelet.isRunning(containerId); }
        };
    }

    /** The kubelet's containers, as the API's pods/exec runs commands beside them. */
    private static PodExec.Local localExec(PodManager kubelet) {
        return new PodExec.Local() {
            @Override public String nodeName() { return kubelet.nodeName(); }
            @Override public Optional<String> runningContainer(String podUid, String containerName) {
                return kubelet.runningContainer(podUid, containerName);
            }
            @Override public int exec(String containerId, List<String> command, InputStream stdin, PodExec.Output output)
                    throws IOException {
                return kubelet.exec(containerId, command, stdin, new ExecSink() {
                    @Override public void stdout(byte[] chunk) throws IOException { output.stdout(chunk); }
                    @Override public void stderr(byte[] chunk) throws IOException { output.stderr(chunk); }
                });
            }
        };
    }

    public int apiPort() {
        return api.port();
    }

    public ClusterMember member() {
        return member;
    }

    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        api.close();
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.log(java.util.logging.Level.WARNING, "stopping " + parts.get(i).getClass().getSimpleName() + " failed", e);
            }
        }
        member.close();
        stopped.countDown();
    }
}
