package dev.shoal.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.shoal.api.table.Fields.at;
import static dev.shoal.api.table.Fields.list;
import static dev.shoal.api.table.Fields.number;
import static dev.shoal.api.table.Fields.orNone;
import static dev.shoal.api.table.Fields.text;

/** kubectl's service columns. */
final class ServicePrinter implements KindPrinter {
    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.of("Type", "ClusterIP, NodePort, LoadBalancer or ExternalName."),
            Column.of("Cluster-IP", "The service's virtual IP."),
            Column.of("External-IP", "Addresses the service is reachable at from outside the cluster."),
            Column.of("Port(s)", "port/protocol, or port:nodePort/protocol."),
            Column.age(),
            Column.of("Selector", "The labels of the pods that back the service.").wide());

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode svc, List<Column> columns, Instant now) {
        return List.of(
                text(svc, "metadata", "name"),
                type(svc),
                orNone(text(svc, "spec", "clusterIP")),
                externalIp(svc),
                ports(svc),
                Fields.age(svc, now),
                orNone(Fields.labels(at(svc, "spec", "selector"))));
    }

    private static String type(ObjectNode svc) {
        String type = text(svc, "spec", "type");
        return type.isEmpty() ? "ClusterIP" : type;
    }

    private static String externalIp(ObjectNode svc) {
        List<String> ips = new ArrayList<>();
        switch (type(svc)) {
            case "ExternalName":
                return orNone(text(svc, "spec", "externalName"));
            case "LoadBalancer":
                for (JsonNode ingress : list(svc, "status", "loadBalancer", "ingress")) {
                    ips.add(text(ingress, "ip").isEmpty() ? text(ingress, "hostname") : text(ingress, "ip"));
                }
                list(svc, "spec", "externalIPs").forEach(ip -> ips.add(ip.asText()));
                return ips.isEmpty() ? "<pending>" : String.join(",", ips);
            default:
                list(svc, "spec", "externalIPs").forEach(ip -> ips.add(ip.asText()));
                return orNone(String.join(",", ips));
        }
    }

    private static String ports(ObjectNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : list(svc, "spec", "ports")) {
            String protocol = text(p, "protocol").isEmpty() ? "TCP" : text(p, "protocol");
            long nodePort = number(p, "nodePort");
            out.add(nodePort == 0
                    ? number(p, "port") + "/" + protocol
                    : number(p, "port") + ":" + nodePort + "/" + protocol);
        }
        return orNone(String.join(",", out));
    }
}
