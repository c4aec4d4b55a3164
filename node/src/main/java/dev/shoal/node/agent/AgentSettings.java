package dev.shoal.node.agent;

import dev.shoal.membership.ClusterSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything one agent is started with, after flags and environment are resolved. */
public record AgentSettings(String nodeName, String bindAddress, int apiPort, int clusterPort, List<String> peers,
                            String clusterName, Path dataDir, Map<String, String> labels, NodeCapacity capacity) {
    public AgentSettings {
        peers = List.copyOf(peers);
        labels = Map.copyOf(labels);
    }

    ClusterSettings cluster() {
        return new ClusterSettings(nodeName, bindAddress, clusterPort, peers, clusterName, dataDir, labels);
    }
}
