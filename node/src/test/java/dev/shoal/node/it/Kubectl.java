package dev.shoal.node.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the tests that drive stock kubectl share: finding it, and a kubeconfig for one agent. */
final class Kubectl {
    private Kubectl() {}

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "kubectl"))) return true;
        }
        return false;
    }

    /** A command's exit code and its output (stdout and stderr together). */
    record Result(int code, String output) {}

    /** Runs a command to its end (at most a minute; the command's own timeouts should come first). */
    static Result run(List<String> cmd) throws IOException, InterruptedException {
        // stdin is empty: kubectl without credentials would otherwise wait for a user name
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), output);
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
