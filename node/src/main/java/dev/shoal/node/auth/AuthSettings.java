package dev.shoal.node.auth;

import dev.shoal.node.tls.TlsFiles;

import java.nio.file.Path;

/**
 * How an agent authenticates and authorizes its API.
 *
 * @param tokenFile    Kubernetes-style static token file to publish to the cluster; null: none
 * @param bindingsFile role bindings to publish to the cluster; null: keep the cluster's
 * @param insecureDev  dev mode: requests without credentials act as cluster-admin. Only on a
 *                     loopback API address ({@code AgentCommand} refuses anything else)
 * @param tls          operator-supplied certificates; without them the cluster CA issues this node's
 */
public record AuthSettings(Path tokenFile, Path bindingsFile, boolean insecureDev, TlsFiles tls) {
    /** Tests that start an agent in-process on loopback, and talk to it without credentials. */
    public static final AuthSettings INSECURE_DEV = new AuthSettings(null, null, true);
    public static final AuthSettings SECURE = new AuthSettings(null, null, false);

    public AuthSettings {
        tls = tls == null ? TlsFiles.NONE : tls;
    }

    public AuthSettings(Path tokenFile, Path bindingsFile, boolean insecureDev) {
        this(tokenFile, bindingsFile, insecureDev, TlsFiles.NONE);
    }

    /**
     * The API speaks TLS unless in dev mode without certificates: secure by default, as
     * kube-apiserver; dev mode keeps plain HTTP on loopback for the README's first command and for tests.
     */
    public boolean tlsEnabled() {
        return !insecureDev || tls.operatorCertificate();
    }
}
