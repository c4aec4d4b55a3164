package dev.shoal.node.agent;

import picocli.CommandLine.Command;
import dev.shoal.node.cli.Durations;
import dev.shoal.node.auth.AuthSettings;
import dev.shoal.node.tls.TlsFiles;
import dev.shoal.node.kubelet.KubeletConfig;
import dev.shoal.node.kubelet.Runtimes;
import dev.shoal.node.services.Ipv4Range;
import dev.shoal.node.services.dns.DnsSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code shoal agent}: the one program every machine runs. Every option also reads an
 * environment variable, so the same command line works in a systemd unit or a container.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the Shoal agent on this machine: cluster member, API server, controllers, runtime and proxy.")
public final class AgentCommand implements Callable<Integer> {

    @Option(names = "--name", defaultValue = "${env:SHOAL_NODE_NAME}",
            description = "Node name, unique in the cluster (env SHOAL_NODE_NAME; default: host name, or the bind address when several agents share a host).")
    String name;

    @Option(names = "--bind", defaultValue = "${env:SHOAL_BIND:-127.0.0.1}",
            description = "Address the API and cluster ports listen on (env SHOAL_BIND; default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--api-port", defaultValue = "${env:SHOAL_API_PORT:-6443}",
            description = "API port (env SHOAL_API_PORT; default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--cluster-port", defaultValue = "${env:SHOAL_CLUSTER_PORT:-5701}",
            description = "Cluster (Hazelcast) port (env SHOAL_CLUSTER_PORT; default ${DEFAULT-VALUE}).")
    int clusterPort;

    @Option(names = "--join", split = ",", defaultValue = "${env:SHOAL_JOIN}",
            description = "Peers to join, host[:clusterPort], comma-separated (env SHOAL_JOIN). None: start a new cluster.")
    List<String> join = new ArrayList<>();

    @Option(names = "--cluster-name", defaultValue = "${env:SHOAL_CLUSTER_NAME:-shoal}",
            description = "Cluster name; agents with different names never merge (env SHOAL_CLUSTER_NAME; default ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--data-dir", defaultValue = "${env:SHOAL_DATA_DIR}",
            description = "Directory for this node's snapshot of desired state (env SHOAL_DATA_DIR; default .shoal/<node name>).")
    Path dataDir;

    @Option(names = "--label", split = ",", defaultValue = "${env:SHOAL_LABELS}",
            description = "Node labels key=value, comma-separated (env SHOAL_LABELS).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--cpu", defaultValue = "${env:SHOAL_CPU:-0}",
            description = "Allocatable CPU in millicores; 0 = the machine's cores less --reserved-cpu (env SHOAL_CPU).")
    long cpu;

    @Option(names = "--memory-mib", defaultValue = "${env:SHOAL_MEMORY_MIB:-0}",
            description = "Allocatable memory in MiB; 0 = the machine's memory less --reserved-memory-mib (env SHOAL_MEMORY_MIB).")
    long memoryMib;

    @Option(names = "--max-pods", defaultValue = "${env:SHOAL_MAX_PODS:-110}",
            description = "Most pods on this node (env SHOAL_MAX_PODS; default ${DEFAULT-VALUE}).")
    int maxPods;

    @Option(names = "--reserved-cpu", defaultValue = "${env:SHOAL_RESERVED_CPU:-250}",
            description = "Millicores kept back for the agent and the OS (default ${DEFAULT-VALUE}).")
    long reservedCpu;

    @Option(names = "--reserved-memory-mib", defaultValue = "${env:SHOAL_RESERVED_MEMORY_MIB:-512}",
            description = "MiB kept back for the agent and the OS (default ${DEFAULT-VALUE}).")
    long reservedMemoryMib;

    @Option(names = "--runtime", defaultValue = "${env:SHOAL_RUNTIME:-auto}",
            description = {"How containers run: docker, process (host processes, like Nomad's raw_exec), or auto:"
                    + " Docker when its engine answers, else processes (env SHOAL_RUNTIME; default ${DEFAULT-VALUE})."})
    String runtime;

    @Option(names = "--docker-host", defaultValue = "${env:DOCKER_HOST:-" + Runtimes.DEFAULT_DOCKER_HOST + "}",
            description = "The Docker engine to use (env DOCKER_HOST; default ${DEFAULT-VALUE}).")
    String dockerHost;

    @Option(names = "--service-cluster-ip-range", defaultValue = "${env:SHOAL_SERVICE_CLUSTER_IP_RANGE:-127.10.0.0/16}",
            description = {"Where Services' cluster IPs come from; every agent of a cluster must use the same"
                    + " (env SHOAL_SERVICE_CLUSTER_IP_RANGE; default ${DEFAULT-VALUE}).",
                    "The default is loopback: any 127.x address is local on Linux, so every node's proxy listens on every"
                    + " cluster IP without configuring an interface."})
    String serviceRange;

    @Option(names = "--cluster-secret-file", defaultValue = "${env:SHOAL_CLUSTER_SECRET_FILE}",
            description = {"The cluster secret a member proves before it is admitted (env SHOAL_CLUSTER_SECRET_FILE).",
                    "The first agent of a new cluster writes one to its data directory; the others join with a copy."
                    + " Joining peers without one is allowed only on loopback (dev mode, logged)."})
    Path clusterSecretFile;

    @Option(names = "--cluster-allow", split = ",", defaultValue = "${env:SHOAL_CLUSTER_ALLOW}",
            description = {"Networks members may join from, CIDRs or addresses, comma-separated (env SHOAL_CLUSTER_ALLOW),"
                    + " e.g. 192.0.2.0/24.", "Checked by the cluster before the secret; a join from elsewhere is refused and"
                    + " logged. None: any address that proves the cluster secret."})
    List<String> clusterAllow = new ArrayList<>();

    @Option(names = "--cluster-domain", defaultValue = "${env:SHOAL_CLUSTER_DOMAIN:-cluster.local}",
            description = "The cluster DNS's domain: a Service answers as NAME.NAMESPACE.svc.DOMAIN (default ${DEFAULT-VALUE}).")
    String clusterDomain;

    @Option(names = "--cluster-dns", defaultValue = "${env:SHOAL_CLUSTER_DNS:-}",
            description = {"Where every node's DNS responder answers for Service names; 'none' runs none"
                    + " (default: the tenth address of --service-cluster-ip-range, like kube-dns's 10.96.0.10).",
                    "Docker containers are given it as their nameserver when it is not a loopback address."})
    String clusterDns;

    @Option(names = "--cluster-dns-port", defaultValue = "${env:SHOAL_CLUSTER_DNS_PORT:-53}",
            description = "The cluster DNS's UDP port; containers' resolvers only use 53 (default ${DEFAULT-VALUE}).")
    int clusterDnsPort;

    @Option(names = "--cluster-dns-upstream", defaultValue = "${env:SHOAL_CLUSTER_DNS_UPSTREAM:-auto}",
            description = "Where names outside the cluster domain are forwarded: auto (the first nameserver in"
                    + " /etc/resolv.conf), none (REFUSED), or HOST[:PORT] (default ${DEFAULT-VALUE}).")
    String clusterDnsUpstream;

    @Option(names = "--restart-backoff", defaultValue = "${env:SHOAL_RESTART_BACKOFF:-10s}",
            converter = Durations.Converter.class,
            description = "Wait before the second restart of a crashing container; it doubles with each crash"
                    + " (Kubernetes' CrashLoopBackOff; env SHOAL_RESTART_BACKOFF; default ${DEFAULT-VALUE}).")
    Duration restartBackoff;

    @Option(names = "--restart-backoff-max", defaultValue = "${env:SHOAL_RESTART_BACKOFF_MAX:-5m}",
            converter = Durations.Converter.class,
            description = "The longest restart back-off; a container that ran twice this long starts afresh"
                    + " (env SHOAL_RESTART_BACKOFF_MAX; default ${DEFAULT-VALUE}).")
    Duration restartBackoffMax;

    @Option(names = "--simulated-nodes", defaultValue = "${env:SHOAL_SIMULATED_NODES:-0}",
            description = {"LOAD TESTING ONLY: also host this many fake nodes, kubemark-style hollow nodes named <node>-sim-<i>"
                    + " (env SHOAL_SIMULATED_NODES; default ${DEFAULT-VALUE}).",
                    "They publish Node objects (label shoal.dev/simulated=true) and bid for pods through the same code as"
                    + " a real node, and pods get bound to them, but nothing runs there; they are live while this agent is."})
    int simulatedNodes;

    @Option(names = "--simulated-cpu", defaultValue = "${env:SHOAL_SIMULATED_CPU:-4000}",
            description = "Middle size of the simulated nodes in millicores; each takes a seeded size from x0.5 to x4 (env SHOAL_SIMULATED_CPU; default ${DEFAULT-VALUE}).")
    long simulatedCpu;

    @Option(names = "--simulated-memory-mib", defaultValue = "${env:SHOAL_SIMULATED_MEMORY_MIB:-8192}",
            description = "Middle size of the simulated nodes in MiB; each takes a seeded size from x0.5 to x8 (env SHOAL_SIMULATED_MEMORY_MIB; default ${DEFAULT-VALUE}).")
    long simulatedMemoryMib;

    @Option(names = "--token-auth-file", defaultValue = "${env:SHOAL_TOKEN_AUTH_FILE}",
            description = {"Static bearer tokens, Kubernetes' format: token,user,uid,\"group1,group2\" per line (env SHOAL_TOKEN_AUTH_FILE).",
                    "Published to the whole cluster as hashes: give every agent the same file (the last one started with it decides).",
                    "Without it, the first agent of a new cluster mints an admin token into <data-dir>/admin.token."})
    Path tokenAuthFile;

    @Option(names = "--authorization-file", defaultValue = "${env:SHOAL_AUTHORIZATION_FILE}",
            description = {"Role bindings: ROLE,user:NAME|group:NAME[,NAMESPACE] per line; ROLE is cluster-admin, edit or view"
                    + " (env SHOAL_AUTHORIZATION_FILE). Published to the whole cluster; the last agent started with one decides.",
                    "Group system:masters is always cluster-admin."})
    Path authorizationFile;

    @Option(names = "--insecure-dev", defaultValue = "${env:SHOAL_INSECURE_DEV:-false}",
            description = {"DEVELOPMENT ONLY: requests without credentials act as cluster-admin, and the API speaks plain HTTP"
                    + " unless given --tls-cert-file (env SHOAL_INSECURE_DEV).",
                    "Refused unless --bind is a loopback address, so only this machine can reach the API."})
    boolean insecureDev;

    @Option(names = "--tls-cert-file", defaultValue = "${env:SHOAL_TLS_CERT_FILE}",
            description = {"The API's serving certificate, PEM, intermediates after it (env SHOAL_TLS_CERT_FILE).",
                    "Without it the cluster CA (made by the first agent, kept in <data-dir>/ca.crt) issues one"
                    + " covering this node's addresses, its host name, localhost and 127.0.0.1."})
    Path tlsCertFile;

    @Option(names = "--tls-private-key-file", defaultValue = "${env:SHOAL_TLS_PRIVATE_KEY_FILE}",
            description = "The private key of --tls-cert-file, PEM (env SHOAL_TLS_PRIVATE_KEY_FILE).")
    Path tlsPrivateKeyFile;

    @Option(names = "--client-ca-file", defaultValue = "${env:SHOAL_CLIENT_CA_FILE}",
            description = {"CAs, PEM, whose client certificates authenticate, besides the cluster CA (env SHOAL_CLIENT_CA_FILE):",
                    "the certificate's CN is the user, each O a group (O=system:masters is cluster-admin)."})
    Path clientCaFile;

    @picocli.CommandLine.Mixin
    ApiLimitOptions apiLimits = new ApiLimitOptions();

    @Override
    public Integer call() throws Exception {
        AgentSettings settings = settings();
        Agent agent;
        try {
            agent = Agent.start(settings);
        } catch (IllegalArgumentException bad) {
            System.err.println("shoal agent: " + bad.getMessage());
            return 2;
        } catch (IllegalStateException failed) {
            // e.g. Hazelcast's "Node failed to start!" after the cluster refused this member; its log says why
            System.err.println("shoal agent: could not start: " + failed.getMessage()
                    + " (a cluster that refused this member says why in the lines above)");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shoal-shutdown"));
        agent.awaitTermination();
        return 0;
    }

    AgentSettings settings() throws Exception {
        String nodeName = name;
        if (nodeName == null || nodeName.isBlank()) {
            // Several agents on one host are told apart by their loopback address.
            nodeName = bind.startsWith("127.") && !bind.equals("127.0.0.1")
                    ? "node-" + bind.replace('.', '-')
                    : InetAddress.getLocalHost().getHostName().toLowerCase();
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String l : labels) {
            if (l.isBlank()) continue;
            int eq = l.indexOf('=');
            if (eq <= 0) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--label: expected key=value, got '" + l + "'");
            labelMap.put(l.substring(0, eq), l.substring(eq + 1));
        }
        List<String> peers = join.stream().filter(s -> !s.isBlank()).toList();
        Path dir = dataDir != null ? dataDir : Path.of(".shoal", nodeName);
        NodeCapacity capacity = NodeCapacity.measure(reservedCpu, reservedMemoryMib << 20, cpu, memoryMib << 20, maxPods);
        SimulatedNodes simulated;
        try {
            simulated = new SimulatedNodes(simulatedNodes, simulatedCpu, simulatedMemoryMib << 20);
        } catch (IllegalArgumentException bad) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--" + bad.getMessage());
        }
        Runtimes.Mode mode;
        try {
            mode = Runtimes.Mode.parse(runtime);
        } catch (IllegalArgumentException bad) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--" + bad.getMessage());
        }
        if (restartBackoff.isZero() || restartBackoff.compareTo(restartBackoffMax) > 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--restart-backoff: must be more than 0 and at most --restart-backoff-max (" + restartBackoffMax + ")");
        }
        KubeletConfig d = KubeletConfig.DEFAULTS;
        KubeletConfig kubelet = new KubeletConfig(restartBackoff, restartBackoffMax, restartBackoffMax.multipliedBy(2),
                d.resync(), d.poll(), d.defaultGrace());
        Ipv4Range range;
        try {
            range = Ipv4Range.parse(serviceRange);
        } catch (IllegalArgumentException bad) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--service-cluster-ip-range: " + bad.getMessage());
        }
        if (!clusterDns.isEmpty() && !clusterDns.equals("none") && !dev.shoal.api.Names.isIPv4(clusterDns)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--cluster-dns: \"" + clusterDns + "\" is neither an IPv4 address nor 'none'");
        }
        if (!clusterDns.isEmpty() && !clusterDns.equals("none") && range.contains(clusterDns) && !clusterDns.equals(range.dnsAddress())) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--cluster-dns: " + clusterDns + " lies in --service-cluster-ip-range, where only " + range.dnsAddress()
                            + " is kept free of Services");
        }
        DnsSettings dns;
        try {
            dns = new DnsSettings(clusterDomain, clusterDns, clusterDnsPort, clusterDnsUpstream);
        } catch (IllegalArgumentException bad) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--cluster-dns-port: " + bad.getMessage());
        }
        if (insecureDev && !InetAddress.getByName(bind).isLoopbackAddress()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--insecure-dev: refused, the API would listen on " + bind + ", which is not a loopback address;"
                            + " dev mode lets anyone who reaches the API act as cluster-admin");
        }
        for (Path f : java.util.Arrays.asList(tokenAuthFile, authorizationFile)) {
            if (f != null && !java.nio.file.Files.isReadable(f)) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), f + ": no such readable file");
            }
        }
        TlsFiles tls;
        try {
            tls = new TlsFiles(tlsCertFile, tlsPrivateKeyFile, clientCaFile);
            tls.check();
        } catch (IllegalArgumentException bad) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), bad.getMessage());
        }
        dev.shoal.node.server.ApiLimits limits;
        try {
            limits = apiLimits.limits();
        } catch (IllegalArgumentException bad) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--" + bad.getMessage());
        }
        dev.shoal.membership.JoinAllowList allow;
        try {
            allow = dev.shoal.membership.JoinAllowList.parse(clusterAllow);
        } catch (IllegalArgumentException bad) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--cluster-allow: " + bad.getMessage());
        }
        return new AgentSettings(nodeName, bind, apiPort, clusterPort, peers, clusterName, dir, labelMap, capacity, simulated,
                mode, dockerHost, kubelet, range, dns, clusterSecretFile, new AuthSettings(tokenAuthFile, authorizationFile, insecureDev, tls),
                limits, allow);
    }
}
