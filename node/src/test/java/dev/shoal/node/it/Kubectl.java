package dev.shoal.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests that drive stock kubectl share: finding it, and a kubeconfig for one agent. */
final class Kubectl {
    private Kubectl() {}

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "kubectl"))) return true;
        }
        return false;
    }

    /** Writes a kubeconfig whose only context points at {@code server}, namespace default. */
    static Path kubeconfig(Path dir, String server) throws IOException {
        Path config = dir.resolve("config");
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: shoal
                  cluster: {server: "%s"}
                contexts:
                - name: shoal
                  context: {cluster: shoal, namespace: default}
                current-context: shoal
                """.formatted(server));
        return config;
    }
}
