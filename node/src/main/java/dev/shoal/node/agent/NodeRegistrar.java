package dev.shoal.node.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterMember;
import dev.shoal.membership.StateStore;
import dev.shoal.node.controller.LiveNodes;
import dev.shoal.scheduling.cluster.NodeProfile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Keeps the Node objects true: this node's own (capacity, addresses, Ready) is written by this
 * node alone; a node that left the membership is marked Ready=Unknown by whichever survivors see
 * it go (every survivor tries; the write is idempotent, so there is no leader to elect).
 * Membership events trigger the work; a periodic resync is the safety net.
 *
 * <p>An agent with {@link SimulatedNodes} also publishes their Node objects, as it does its own
 * (label {@value LiveNodes#SIMULATED}, annotation {@value LiveNodes#HOSTED_BY}); they count as live
 * exactly while that agent is a member ({@link LiveNodes}), so they go NotReady with it.
 */
public final class NodeRegistrar implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeRegistrar.class.getName());
    /** Safety-net period: catches a missed membership event within this bound. */
    static final Duration RESYNC = Duration.ofSeconds(15);
    static final String REASON_READY = "ShoalAgentReady";
    static final String REASON_LOST = "NodeStatusUnknown";
    static final String MESSAGE_LOST = "node left the cluster: its agent stopped or cannot be reached";

    private final ClusterMember member;
    private final StateStore store;
    private final NodeIdentity identity;
    private final List<SimulatedNodes.Node> simulated;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-node-registrar");
        t.setDaemon(true);
        return t;
    });

    /** Who this node is, as published in its Node object. */
    public record NodeIdentity(String name, String address, int apiPort, NodeCapacity capacity,
                               Map<String, String> labels, String version, String runtimeVersion) {}

    public NodeRegistrar(ClusterMember member, NodeIdentity identity, Clock clock) {
        this(member, identity, List.of(), clock);
    }

    /** @param simulated hollow nodes this agent hosts and publishes besides its own (usually none) */
    public NodeRegistrar(ClusterMember member, NodeIdentity identity, List<SimulatedNodes.Node> simulated, Clock clock) {
        this.member = member;
        this.store = member.store();
        this.identity = identity;
        this.simulated = List.copyOf(simulated);
        this.clock = clock;
    }

    public void start() {
        resync();
        member.addMembershipListener(new ClusterMember.MembershipListener() {
            @Override public void memberJoined(ClusterMember.MemberInfo m) { executor.execute(NodeRegistrar.this::resync); }
            @Override public void memberLeft(ClusterMember.MemberInfo m) { executor.execute(NodeRegistrar.this::resync); }
        });
        executor.scheduleWithFixedDelay(this::resync, RESYNC.toSeconds(), RESYNC.toSeconds(), TimeUnit.SECONDS);
    }

    /** Desired: own (and own simulated) nodes Ready; every node that is not live not Ready. */
    void resync() {
        try {
            // Lost nodes first: their pods are replaced only once they are marked, and right after
            // a member left, this node's own (usually no-op) writes may wait for the partition
            // table's repair, as measured in bench/Failover (3-4 s when migrations were in flight).
            Set<String> members = member.members().stream().map(ClusterMember.MemberInfo::nodeName).collect(Collectors.toSet());
            List<ObjectNode> nodes = store.list(ResourceType.NODE, "", n -> true).items();
            Set<String> live = LiveNodes.of(members, LiveNodes.hosts(nodes));
            for (ObjectNode node : nodes) {
                String name = Meta.name(node);
                if (!live.contains(name) && "True".equals(readyStatus(node))) markLost(name);
            }
            ensureNamespace("default");
            publish(identity, null);
            for (SimulatedNodes.Node sim : simulated) publish(simulatedIdentity(sim), identity.name());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node resync failed; retrying at the next event or in " + RESYNC.toSeconds() + " s", e);
        }
    }

    /**
     * Namespaces every cluster has. Done here, with retries, rather than once at start-up: the
     * first agent of a cluster cannot write until a majority of its peers has joined.
     */
    private void ensureNamespace(String name) {
        if (store.get(new ObjectKey(ResourceType.NAMESPACE, "", name)).isPresent()) return;
        ObjectNode ns = Json.object();
        ns.put("apiVersion", "v1");
        ns.put("kind", "Namespace");
        Meta.metadata(ns).put("name", name);
        ns.putObject("status").put("phase", "Active");
        try {
            store.create(ResourceType.NAMESPACE, ns);
        } catch (ApiException e) {
            if (e.code() != 409) throw e;
        }
    }

    /** What the simulated nodes bid with: their Node objects as this registrar publishes them, read back. */
    List<NodeProfile> simulatedProfiles() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<NodeProfile> out = new ArrayList<>();
        for (SimulatedNodes.Node sim : simulated) {
            ObjectNode node = Json.object();
            Meta.metadata(node).put("name", sim.name());
            out.add(NodeProfile.fromNodeObject(withStatus(node, simulatedIdentity(sim), identity.name(), now)));
        }
        return out;
    }

    /** A simulated node looks like its host (address, API port, version) with its own name, size and label. */
    private NodeIdentity simulatedIdentity(SimulatedNodes.Node sim) {
        Map<String, String> labels = new LinkedHashMap<>(identity.labels());
        labels.put(LiveNodes.SIMULATED, "true");
        return new NodeIdentity(sim.name(), identity.address(), identity.apiPort(), sim.capacity(), labels, identity.version(), "");
    }

    /** @param hostedBy the hosting agent of a simulated node; null for this agent's own */
    private void publish(NodeIdentity id, String hostedBy) {
        ObjectKey key = new ObjectKey(ResourceType.NODE, "", id.name());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            store.update(key, current -> withStatus(current.deepCopy(), id, hostedBy, now));
        } catch (ApiException e) {
            if (e.code() != 404) throw e;
            ObjectNode node = Json.object();
            node.put("apiVersion", "v1");
            node.put("kind", "Node");
            Meta.metadata(node).put("name", id.name());
            try {
                store.create(ResourceType.NODE, withStatus(node, id, hostedBy, now));
            } catch (ApiException raced) {
                if (raced.code() != 409) throw raced;
                store.update(key, current -> withStatus(current.deepCopy(), id, hostedBy, now));
            }
        }
    }

    /** This node's labels, capacity, addresses and Ready=True; unchanged fields keep the write a no-op. */
    ObjectNode withSelfStatus(ObjectNode node, Instant now) {
        return withStatus(node, identity, null, now);
    }

    private static ObjectNode withStatus(ObjectNode node, NodeIdentity identity, String hostedBy, Instant now) {
        if (hostedBy != null) Meta.metadata(node).with("annotations").put(LiveNodes.HOSTED_BY, hostedBy);
        ObjectNode labels = Meta.metadata(node).putObject("labels");
        labels.put("kubernetes.io/hostname", identity.name());
        labels.put("kubernetes.io/os", "linux");
        identity.labels().forEach(labels::put);
        ObjectNode status = node.putObject("status");
        for (String field : new String[]{"capacity", "allocatable"}) {
            status.putObject(field)
                    .put("cpu", identity.capacity().cpuQuantity())
                    .put("memory", identity.capacity().memoryQuantity())
                    .put("pods", Integer.toString(identity.capacity().pods()));
        }
        String previousTransition = transitionTime(node, "True");
        ArrayNode conditions = status.putArray("conditions");
        conditions.addObject()
                .put("type", "Ready").put("status", "True")
                .put("reason", REASON_READY).put("message", hostedBy == null ? "shoal agent is running and in the cluster"
                        : "simulated node (nothing runs here): its agent " + hostedBy + " is in the cluster")
                .put("lastTransitionTime", previousTransition != null ? previousTransition : now.toString());
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", identity.address());
        addresses.addObject().put("type", "Hostname").put("address", identity.name());
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", identity.apiPort());
        status.putObject("nodeInfo")
                .put("kubeletVersion", "shoal-" + identity.version())
                .put("operatingSystem", "linux")
                .put("architecture", System.getProperty("os.arch"))
                .put("containerRuntimeVersion", identity.runtimeVersion());
        return node;
    }

    private void markLost(String name) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        store.update(new ObjectKey(ResourceType.NODE, "", name), current -> {
            if (!"True".equals(readyStatus(current))) return current;
            LOG.info("node " + name + " left the cluster; marking it NotReady");
            ObjectNode next = current.deepCopy();
            ObjectNode status = next.with("status");
            ArrayNode conditions = status.putArray("conditions");
            conditions.addObject()
                    .put("type", "Ready").put("status", "Unknown")
                    .put("reason", REASON_LOST).put("message", MESSAGE_LOST)
                    .put("lastTransitionTime", now.toString());
            return next;
        });
    }

    static String readyStatus(ObjectNode node) {
        for (var c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) return c.path("status").asText();
        }
        return "";
    }

    private static String transitionTime(ObjectNode node, String status) {
        for (var c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText()) && status.equals(c.path("status").asText())) {
                return c.path("lastTransitionTime").asText(null);
            }
        }
        return null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
