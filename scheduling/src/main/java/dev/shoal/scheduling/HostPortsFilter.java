package dev.shoal.scheduling;

import java.util.Optional;

/** Two pods cannot bind the same protocol and port on one node. */
public final class HostPortsFilter implements NodeFilter {
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public Optional<String> reject(PodRequest pod, NodeState node) {
        for (HostPort p : pod.hostPorts()) {
            if (node.usedHostPorts().contains(p)) {
                return Optional.of(REASON);
            }
        }
        return Optional.empty();
    }
}
