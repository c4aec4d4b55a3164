package dev.shoal.node.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The images Docker tests run, built locally (no registry is reachable): {@code FROM scratch}
 * plus Debian's statically linked busybox. Built once per JVM; a rebuild of the same context is
 * a cache hit in the engine.
 *
 * <p>{@link #HTTP}: with no command it serves HTTP on port 8080 (busybox httpd), answering
 * {@code GET /} with "hello from HOSTNAME" (the container ID's prefix) and {@code GET /healthz}
 * with "ok". The shell stays PID 1 and turns SIGTERM into a clean exit, so stopping it is quick.
 */
public final class TestImages {
    public static final String HTTP = "shoal-test/http:1";
    public static final String DOCKER_HOST = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    private static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final String SERVE = "mkdir -p /www; echo \"hello from $HOSTNAME\" > /www/index.html;"
            + " echo ok > /www/healthz;"
            + " trap 'kill $pid; exit 0' TERM;"
            + " httpd -f -p ${PORT:-8080} -h /www & pid=$!; wait $pid";
    private static boolean built;

    private TestImages() {}

    public static DockerClient client() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(DOCKER_HOST).build();
        return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    /** Builds {@link #HTTP} if this JVM has not yet. Fails, saying what to do, when there is no engine or no busybox. */
    public static synchronized void build() throws IOException {
        if (built) return;
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is missing: apt-get install -y busybox-static (see .ci/run)");
        }
        Path context = Files.createTempDirectory("shoal-image");
        try (DockerClient docker = client()) {
            try {
                docker.pingCmd().exec();
            } catch (RuntimeException e) {
                throw new IllegalStateException("no Docker engine at " + DOCKER_HOST
                        + ": install docker.io and start dockerd (see .ci/run): " + e.getMessage(), e);
            }
            Files.copy(BUSYBOX, context.resolve("busybox"));
            Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                    "FROM scratch",
                    "COPY busybox /bin/busybox",
                    "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
                    "EXPOSE 8080",
                    "CMD [\"/bin/sh\", \"-c\", \"" + SERVE.replace("\"", "\\\"") + "\"]",
                    ""));
            docker.buildImageCmd(context.toFile()).withTags(Set.of(HTTP)).start().awaitImageId();
            built = true;
        } finally {
            try (var files = Files.list(context)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
            }
            Files.delete(context);
        }
    }
}
