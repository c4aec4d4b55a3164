package dev.shoal.membership;

import java.nio.file.Path;
import java.util.List;

/**
 * How one agent joins the cluster. Built by the agent from flags and environment.
 *
 * @param nodeName      unique, stable name of this node (defaults to the host name)
 * @param bindAddress   the only address the cluster port listens on (e.g. 127.0.0.3); never 0.0.0.0 by default
 * @param clusterPort   Hazelcast member port
 * @param peers         "host" or "host:port" of other members to join; empty to start a new cluster
 * @param clusterName   Hazelcast cluster name; agents with different names never merge
 * @param dataDir       where this node keeps its local snapshot of desired state
 * @param labels        node labels advertised in its Node object
 * @param secret        the cluster secret a member must prove to join (see {@code JoinProof}); "" for none
 * @param allowedJoins  the networks members may join from ({@code --cluster-allow}); any if empty
 */
public record ClusterSettings(
        String nodeName,
        String bindAddress,
        int clusterPort,
        List<String> peers,
        String clusterName,
        Path dataDir,
        java.util.Map<String, String> labels,
        String secret,
        JoinAllowList allowedJoins) {

    /** A cluster without a secret (tests, and loopback clusters in dev mode). */
    public ClusterSettings(String nodeName, String bindAddress, int clusterPort, List<String> peers, String clusterName,
                           Path dataDir, java.util.Map<String, String> labels) {
        this(nodeName, bindAddress, clusterPort, peers, clusterName, dataDir, labels, "");
    }

    /** Members may join from any address that proves the secret. */
    public ClusterSettings(String nodeName, String bindAddress, int clusterPort, List<String> peers, String clusterName,
                           Path dataDir, java.util.Map<String, String> labels, String secret) {
        this(nodeName, bindAddress, clusterPort, peers, clusterName, dataDir, labels, secret, JoinAllowList.ANY);
    }

    public ClusterSettings {
        secret = secret == null ? "" : secret;
        allowedJoins = allowedJoins == null ? JoinAllowList.ANY : allowedJoins;
        if (nodeName == null || nodeName.isBlank()) throw new IllegalArgumentException("nodeName must not be empty");
        if (bindAddress == null || bindAddress.isBlank()) throw new IllegalArgumentException("bindAddress must not be empty");
        if (clusterPort <= 0 || clusterPort > 65535) throw new IllegalArgumentException("clusterPort out of range: " + clusterPort);
        peers = List.copyOf(peers);
        labels = java.util.Map.copyOf(labels);
        if (clusterName == null || clusterName.isBlank()) clusterName = "shoal";
    }

    @Override
    public String toString() {
        // never the secret itself, in logs or exceptions
        return "ClusterSettings[node=" + nodeName + ", bind=" + bindAddress + ":" + clusterPort + ", peers=" + peers
                + ", cluster=" + clusterName + ", secret=" + (secret.isEmpty() ? "none" : "set") + ", allow=" + allowedJoins + "]";
    }
}
