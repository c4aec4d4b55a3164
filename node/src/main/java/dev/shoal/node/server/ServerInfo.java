package dev.shoal.node.server;

/** What the API server says about its node: version, advertised address, readiness and metrics text. */
public interface ServerInfo {
    String shoalVersion();
    String advertisedAddress();
    boolean ready();
    /** Prometheus exposition for the given Accept header. */
    String metricsText(String accept);
}
