package dev.shoal.node.services.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.node.services.ServiceEndpoints;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cluster DNS's names from the Services and Pods in the store, as Kubernetes' DNS
 * specification has them. Pure.
 *
 * <ul>
 *   <li>{@code NAME.NAMESPACE.svc.DOMAIN}: the cluster IP;
 *   <li>a headless Service ({@code clusterIP: None}): the addresses of its ready endpoints (here a
 *       pod's address is its node's, so two pods on one node give one address);
 *   <li>an ExternalName Service: a CNAME to {@code spec.externalName}.
 * </ul>
 * Short names ({@code NAME}, {@code NAME.NAMESPACE}) resolve through the search list the runtime
 * gives containers ({@code NAMESPACE.svc.DOMAIN svc.DOMAIN DOMAIN}), as in Kubernetes.
 */
public final class DnsRecords {
    private DnsRecords() {}

    public static DnsTable build(String domain, List<ObjectNode> services, List<ObjectNode> pods) {
        Map<String, List<ObjectNode>> podsByNamespace = new HashMap<>();
        for (ObjectNode p : pods) podsByNamespace.computeIfAbsent(Meta.namespace(p), k -> new ArrayList<>()).add(p);
        Map<String, DnsTable.Record> records = new HashMap<>();
        for (ObjectNode svc : services) {
            String name = (Meta.name(svc) + "." + Meta.namespace(svc) + ".svc." + domain).toLowerCase(Locale.ROOT);
            records.put(name, record(svc, podsByNamespace.getOrDefault(Meta.namespace(svc), List.of())));
        }
        return new DnsTable(domain, records);
    }

    static DnsTable.Record record(ObjectNode svc, List<ObjectNode> pods) {
        JsonNode spec = svc.path("spec");
        if (spec.path("type").asText("").equals("ExternalName")) {
            return DnsTable.Record.alias(spec.path("externalName").asText(""));
        }
        String clusterIP = spec.path("clusterIP").asText("");
        if (!clusterIP.isEmpty() && !clusterIP.equals("None")) return DnsTable.Record.of(List.of(clusterIP));
        Set<String> ready = new LinkedHashSet<>();
        for (ServiceEndpoints.PortEndpoints pe : ServiceEndpoints.of(svc, pods)) {
            for (ServiceEndpoints.Endpoint e : pe.endpoints()) if (e.ready()) ready.add(e.ip());
        }
        return DnsTable.Record.of(new ArrayList<>(ready));
    }
}
