package dev.shoal.node.kubelet;

import java.util.List;

/**
 * What a container's resolver is given, as the kubelet does for {@code dnsPolicy: ClusterFirst}:
 * the cluster DNS as nameserver, the pod's namespace first in the search list (so {@code web}
 * means the Service web of the pod's own namespace), and ndots:5 so short names try the cluster
 * suffixes before going out as they are.
 *
 * @param nameserver the cluster DNS address, reachable from the container's network namespace
 * @param domain     the cluster domain, e.g. cluster.local
 */
public record ContainerDns(String nameserver, String domain) {
    public List<String> searches(String namespace) {
        return List.of(namespace + ".svc." + domain, "svc." + domain, domain);
    }

    public List<String> options() {
        return List.of("ndots:5");
    }
}
