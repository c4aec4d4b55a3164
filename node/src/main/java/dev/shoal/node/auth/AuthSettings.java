package dev.shoal.node.auth;

import java.nio.file.Path;

/**
 * How an agent authenticates and authorizes its API.
 *
 * @param tokenFile    Kubernetes-style static token file to publish to the cluster; null: none
 * @param bindingsFile role bindings to publish to the cluster; null: keep the cluster's
 * @param insecureDev  dev mode: requests without credentials act as cluster-admin. Only on a
 *                     loopback API address ({@code AgentCommand} refuses anything else)
 */
public record AuthSettings(Path tokenFile, Path bindingsFile, boolean insecureDev) {
    /** Tests that start an agent in-process on loopback, and talk to it without credentials. */
    public static final AuthSettings INSECURE_DEV = new AuthSettings(null, null, true);
    public static final AuthSettings SECURE = new AuthSettings(null, null, false);
}
