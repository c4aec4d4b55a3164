package dev.shoal.node.agent;

import dev.shoal.membership.ClusterSettings;
import dev.shoal.node.auth.AuthSettings;
import dev.shoal.node.kubelet.KubeletConfig;
import dev.shoal.node.kubelet.Runtimes;
import dev.shoal.node.server.ApiLimits;
import dev.shoal.node.services.Ipv4Range;
import dev.shoal.node.services.dns.DnsSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything one agent is started with, after flags and environment are resolved. */
public record AgentSettings(String nodeName, String bindAddress, int apiPort, int clusterPort, List<String> peers,
                            String clusterName, Path dataDir, Map<String, String> labels, NodeCapacity capacity,
                            SimulatedNodes simulated, Runtimes.Mode runtime, String dockerHost, KubeletConfig kubelet,
                            Ipv4Range serviceRange, DnsSettings dns, Path clusterSecretFile, AuthSettings auth,
                            ApiLimits apiLimits, dev.shoal.membership.JoinAllowList clusterAllow) {
    /** Loopback: every node can listen on every cluster IP without configuring an interface. */
    public static final Ipv4Range DEFAULT_SERVICE_RANGE = Ipv4Range.parse("127.10.0.0/16");

    /** Members may join from any address that proves the cluster secret. */
    public AgentSettings(String nodeName, String bindAddress, int apiPort, int clusterPort, List<String> peers,
                         String clusterName, Path dataDir, Map<String, String> labels, NodeCapacity capacity,
                         SimulatedNodes simulated, Runtimes.Mode runtime, String dockerHost, KubeletConfig kubelet,
                         Ipv4Range serviceRange, DnsSettings dns, Path clusterSecretFile, AuthSettings auth,
                         ApiLimits apiLimits) {
        this(nodeName, bindAddress, apiPort, clusterPort, peers, clusterName, dataDir, labels, capacity, simulated, runtime,
                dockerHost, kubelet, serviceRange, dns, clusterSecretFile, auth, apiLimits, dev.shoal.membership.JoinAllowList.ANY);
    }

    public AgentSettings {
        peers = List.copyOf(peers);
        labels = Map.copyOf(labels);
        simulated = simulated == null ? SimulatedNodes.NONE : simulated;
        runtime = runtime == null ? Runtimes.Mode.AUTO : runtime;
        dockerHost = dockerHost == null || dockerHost.isBlank() ? Runtimes.DEFAULT_DOCKER_HOST : dockerHost;
        kubelet = kubelet == null ? KubeletConfig.DEFAULTS : kubelet;
        serviceRange = serviceRange == null ? DEFAULT_SERVICE_RANGE : serviceRange;
        dns = dns == null ? DnsSettings.DEFAULTS : dns;
        auth = auth == null ? AuthSettings.SECURE : auth;
        apiLimits = apiLimits == null ? ApiLimits.DEFAULTS : apiLimits;
        clusterAllow = clusterAllow == null ? dev.shoal.membership.JoinAllowList.ANY : clusterAllow;
    }

    /** Where this node's cluster DNS answers, or empty if it runs none. */
    public java.util.Optional<String> clusterDnsAddress() {
        if (!dns.enabled()) return java.util.Optional.empty();
        return java.util.Optional.of(dns.address().isEmpty() ? serviceRange.dnsAddress() : dns.address());
    }

    /**
     * An agent without simulated nodes, in dev mode (no credentials needed): for tests that start
     * agents in-process on loopback addresses.
     */
    public AgentSettings(String nodeName, String bindAddress, int apiPort, int clusterPort, List<String> peers,
                         String clusterName, Path dataDir, Map<String, String> labels, NodeCapacity capacity) {
        this(nodeName, bindAddress, apiPort, clusterPort, peers, clusterName, dataDir, labels, capacity, SimulatedNodes.NONE,
                Runtimes.Mode.AUTO, Runtimes.DEFAULT_DOCKER_HOST, KubeletConfig.DEFAULTS, DEFAULT_SERVICE_RANGE,
                DnsSettings.DEFAULTS, null, AuthSettings.INSECURE_DEV, ApiLimits.DEFAULTS);
    }

    ClusterSettings cluster(String secret) {
        return new ClusterSettings(nodeName, bindAddress, clusterPort, peers, clusterName, dataDir, labels, secret, clusterAllow);
    }

    /** The --join entries that are not this agent itself. */
    List<String> otherPeers() {
        return peers.stream().filter(p -> !p.equals(bindAddress) && !p.equals(bindAddress + ":" + clusterPort)).toList();
    }
}
