package dev.shoal.node.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterMember;
import dev.shoal.membership.ReplicaSafety;
import dev.shoal.membership.StateStore;
import dev.shoal.node.ShoalVersion;
import dev.shoal.node.auth.ClientCertificates;
import dev.shoal.node.auth.ClusterAuth;
import dev.shoal.node.auth.ClusterCa;
import dev.shoal.node.tls.ApiTls;
import dev.shoal.node.tls.CertificateAuthority;
import dev.shoal.node.tls.KeyAndCert;
import dev.shoal.node.tls.TlsFiles;
import dev.shoal.node.server.ServerInfo;
import dev.shoal.node.server.ApiServer;
import dev.shoal.node.server.PodExec;
import dev.shoal.node.server.PodLogs;
import io.micrometer.core.instrument.FunctionCounter;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.security.cert.X509Certificate;
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
        ReplicaSafety replicaSafety = new ReplicaSafety(member).start();
        Gauge.builder("shoal.cluster.safe", replicaSafety, r -> r.inSync() ? 1 : 0)
                .description("1 when this node's share of the replicated state has all its backups and no migration"
                        + " is in flight: losing one more node now loses nothing (wait for it on every node before"
                        + " stopping the next one)").register(registry);
        FunctionCounter.builder("shoal.cluster.partitions.lost", replicaSafety, ReplicaSafety::partitionsLost)
                .description("partitions whose owner and every backup this node's side of the cluster lost at once:"
                        + " expected on the minority side of a split (the heal brings them back from the majority), data"
                        + " loss anywhere else").register(registry);
        StateStore store = new TimedStateStore(member.store(), registry);
        ClusterAuth auth;
        Optional<ClusterCa.Resolved> ca = Optional.empty();
        ApiTls tls = null;
        try {
            auth = ClusterAuth.start(member.hazelcast(), settings.nodeName(), settings.dataDir(), settings.auth());
            if (settings.auth().tlsEnabled()) {
                ca = Optional.of(ClusterCa.resolve(member.hazelcast(), settings.nodeName(), settings.dataDir(), clock));
                tls = apiTls(settings, ca.get().ca(), clock);
                auth.trustClientCertificates(new ClientCertificates(tls.clientCas(), clock));
            }
        } catch (IOException | RuntimeException e) {
            replicaSafety.close();
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
        FunctionCounter.builder("shoal.scheduler.bids.missed", bidding, BiddingService::missedBids)
                .description("calls for bids from this node's controllers that a member did not answer in time").register(registry);
        FunctionCounter.builder("shoal.scheduler.reservations.lost", bidding, BiddingService::lostReservations)
                .description("won awards whose reservation failed or timed out, and were re-bid").register(registry);
        // Simulated nodes bid with the profile their published Node object reads as (same code path as the real one).
        bidding.addSimulatedNodes(registrar.simulatedProfiles());
        List<String> hosted = new ArrayList<>(List.of(settings.nodeName()));
        simulated.forEach(sim -> hosted.add(sim.name()));
        LedgerSweeper sweeper = new LedgerSweeper(store, bidding.ledgers(), hosted);
        sweeper.start();
        DeploymentController deployments = new DeploymentController(member, store, new BiddingPlacer(bidding, registry), registry, clock);
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
                new ServiceAllocator(allocations, settings.serviceRange(), new SecureRandom()), auth, tls, settings.apiLimits());
        String url = (tls == null ? "http://" : "https://") + advertised;
        if (ca.isPresent()) {
            // One agent hands out the first credentials: the one that minted the admin token; in a
            // cluster that mints none (a token file), the one that made the CA.
            boolean mintsNone = settings.auth().tokenFile() != null || settings.auth().insecureDev();
            boolean handsOut = auth.mintedAdminToken().isPresent() || (ca.get().madeHere() && mintsNone);
            try {
                if (handsOut) {
                    FirstAdmin.handOut(settings.dataDir(), url, clientTrust(settings, ca.get().ca()), ca.get().ca(),
                            auth.mintedAdminToken(), clock);
                }
            } catch (IOException e) {
                // the API already serves, and the admin token (if minted) is on disk: say what is missing, keep running
                LOG.warning("could not write the admin certificate and kubeconfig to " + settings.dataDir() + ": " + e);
                System.err.println("WARNING: could not write the admin certificate and kubeconfig to " + settings.dataDir() + ": " + e);
            }
        }
        LOG.info("shoal agent " + settings.nodeName() + " ready: API " + url
                + ", cluster " + settings.bindAddress() + ":" + settings.clusterPort()
                + ", " + member.members().size() + " member(s)");
        System.out.println("shoal agent " + settings.nodeName() + " ready: API " + url
                + (tls == null ? "  (try: ./shoal --server " + advertised + " get nodes)"
                : "  (CA: " + settings.dataDir().resolve(ClusterCa.CERT_FILE) + ")"));
        return new Agent(member, List.of(replicaSafety, auth, runtimeCloser(runtime), registrar, profile, bidding, sweeper, deployments, gc, kubelet,
                proxy, services, repair, () -> dns.ifPresent(ClusterDns::close)), api);
    }

    /**
     * The API's TLS: the operator's certificate, else one the cluster CA issues now for this
     * node's names. Client certificates from the cluster CA and --client-ca-file authenticate;
     * other agents' APIs must chain to either, or to the operator's certificate chain.
     */
    private static ApiTls apiTls(AgentSettings settings, CertificateAuthority ca, Clock clock) {
        TlsFiles files = settings.auth().tls();
        KeyAndCert serving = files.operatorCertificate() ? files.serving()
                : ca.issueServer(settings.nodeName(), servingNames(settings), clock, CertificateAuthority.LEAF_VALIDITY);
        List<X509Certificate> clientCas = new ArrayList<>(List.of(ca.certificate()));
        clientCas.addAll(files.clientCas());
        List<X509Certificate> peers = new ArrayList<>(clientCas);
        if (files.operatorCertificate()) peers.addAll(serving.chain());
        return new ApiTls(serving, clientCas, peers);
    }

    /** What clients must trust for this agent's API: the cluster CA, or the last of the operator's chain if it is a CA. */
    private static Optional<X509Certificate> clientTrust(AgentSettings settings, CertificateAuthority ca) {
        TlsFiles files = settings.auth().tls();
        if (!files.operatorCertificate()) return Optional.of(ca.certificate());
        List<X509Certificate> chain = files.serving().chain();
        X509Certificate last = chain.get(chain.size() - 1);
        return chain.size() > 1 && last.getBasicConstraints() >= 0 ? Optional.of(last) : Optional.empty();
    }

    /**
     * Every name this node's API may be dialled by: its bind address (every local address when it is
     * the wildcard), its node and host names, and localhost. kubectl and Java check these
     * subjectAltNames, never the CN.
     */
    static List<String> servingNames(AgentSettings settings) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        try {
            InetAddress bind = InetAddress.getByName(settings.bindAddress());
            if (bind.isAnyLocalAddress()) {
                for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                        if (!a.isLinkLocalAddress()) names.add(a.getHostAddress().replaceAll("%.*", ""));
                    }
                }
            } else {
                names.add(bind.getHostAddress());
            }
        } catch (IOException e) {
            names.add(settings.bindAddress());
        }
        if (dev.shoal.api.Names.dns1123Subdomain(settings.nodeName()).isEmpty()) names.add(settings.nodeName());
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
            if (dev.shoal.api.Names.dns1123Subdomain(host).isEmpty()) names.add(host);
        } catch (IOException e) {
            // no resolvable host name: the addresses still work
        }
        names.addAll(List.of("localhost", "127.0.0.1"));
        return List.copyOf(names);
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
