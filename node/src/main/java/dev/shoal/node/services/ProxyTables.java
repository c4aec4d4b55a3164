package dev.shoal.node.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.proxy.Backend;
import dev.shoal.proxy.ListenAddress;
import dev.shoal.proxy.ProxyRule;
import dev.shoal.proxy.ProxyTable;
import dev.shoal.proxy.ServicePortName;
import dev.shoal.proxy.SessionAffinity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one node's proxy should serve, from the Services and Pods in the store. Pure. Every node
 * computes the same table (plus its own node ports), so a client may use any node.
 *
 * <ul>
 *   <li>every Service port with a cluster IP is served at clusterIP:port;
 *   <li>a NodePort or LoadBalancer Service also at thisNode:nodePort (the routing mesh);
 *   <li>ready pods take new connections; a pod that is NotReady or terminating keeps its
 *       established connections (it drains) but takes no new ones; a pod that is gone is dropped,
 *       and the proxy closes what it still had to it.
 * </ul>
 * UDP ports are skipped: the proxy relays TCP only.
 */
public final class ProxyTables {
    private ProxyTables() {}

    public static ProxyTable build(List<ObjectNode> services, List<ObjectNode> pods, String nodeAddress) {
        Map<String, List<ObjectNode>> podsByNamespace = new HashMap<>();
        for (ObjectNode p : pods) podsByNamespace.computeIfAbsent(Meta.namespace(p), k -> new ArrayList<>()).add(p);
        List<ProxyRule> rules = new ArrayList<>();
        Set<ListenAddress> taken = new LinkedHashSet<>();
        for (ObjectNode svc : services) {
            JsonNode spec = svc.path("spec");
            String clusterIP = spec.path("clusterIP").asText("");
            String type = spec.path("type").asText("ClusterIP");
            if (type.equals("ExternalName")) continue;
            boolean virtual = !clusterIP.isEmpty() && !clusterIP.equals("None");
            SessionAffinity affinity = affinity(spec);
            for (ServiceEndpoints.PortEndpoints pe : ServiceEndpoints.of(svc, podsByNamespace.getOrDefault(Meta.namespace(svc), List.of()))) {
                if (!pe.protocol().equals("TCP")) continue;
                List<Backend> ready = new ArrayList<>();
                List<Backend> draining = new ArrayList<>();
                for (ServiceEndpoints.Endpoint e : pe.endpoints()) {
                    Backend b = Backend.of(e.ip(), e.port());
                    if (ready.contains(b) || draining.contains(b)) continue;
                    (e.ready() ? ready : draining).add(b);
                }
                ServicePortName name = new ServicePortName(Meta.namespace(svc), Meta.name(svc),
                        pe.name().isEmpty() ? Integer.toString(pe.port()) : pe.name());
                if (virtual) add(rules, taken, new ProxyRule(ListenAddress.tcp(clusterIP, pe.port()), name, affinity, ready, draining));
                if (pe.nodePort() > 0 && (type.equals("NodePort") || type.equals("LoadBalancer"))) {
                    add(rules, taken, new ProxyRule(ListenAddress.tcp(nodeAddress, pe.nodePort()), name, affinity, ready, draining));
                }
            }
        }
        return new ProxyTable(rules);
    }

    /** Two Services cannot share a listener (the allocator prevents it); if the store ever says so, the first wins. */
    private static void add(List<ProxyRule> rules, Set<ListenAddress> taken, ProxyRule rule) {
        if (taken.add(rule.listen())) rules.add(rule);
    }

    private static SessionAffinity affinity(JsonNode spec) {
        if (!spec.path("sessionAffinity").asText("None").equals("ClientIP")) return SessionAffinity.NONE;
        long seconds = spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds")
                .asLong(SessionAffinity.DEFAULT_TIMEOUT.toSeconds());
        return new SessionAffinity.ClientIp(Duration.ofSeconds(Math.max(1, Math.min(seconds, SessionAffinity.MAX_TIMEOUT.toSeconds()))));
    }
}
