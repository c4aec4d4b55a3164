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
 *
 * <p>{@link #version}{@code (n)}, for rollouts: a keep-alive HTTP server on port 8080
 * ({@link #SERVE_CONNECTION}), answering {@code GET /} with "vN from HOSTNAME". {@link #V1} and {@link #V2} answer {@code /healthz}; {@link #V3} has none,
 * so a readiness probe on it fails (404) while the process runs: a broken release.
 */
public final class TestImages {
    public static final String HTTP = "shoal-test/http:1";
    public static final String V1 = version(1);
    public static final String V2 = version(2);
    public static final String V3 = version(3);
    public static final String DOCKER_HOST = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    private static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final String SERVE = "mkdir -p /www; echo \"hello from $HOSTNAME\" > /www/index.html;"
            + " echo ok > /www/healthz;"
            + " trap 'kill $pid; exit 0' TERM;"
            + " httpd -f -p ${PORT:-8080} -h /www & pid=$!; wait $pid";
    private static boolean built;
    private static boolean versionsBuilt;

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
            deleteContext(context);
        }
    }

    public static String version(int n) {
        return "shoal-test/http:v" + n;
    }

    /**
     * One connection of the versioned images' server (busybox {@code nc -ll -e} forks one per
     * connection): HTTP/1.1 keep-alive, so a keep-alive client really keeps its connection (busybox
     * httpd closes every one); HTTP/1.0 and {@code Connection: close} close after the answer, and so
     * does every answer once the container is draining (SIGTERM). Shell built-ins only: no fork per request.
     */
    static final String SERVE_CONNECTION = """
            #!/bin/sh
            cr=$(printf '\\r')
            while read -r request; do
              request=${request%"$cr"}
              [ -z "$request" ] && continue
              set -- $request
              path=$2
              close=no
              [ "$3" = "HTTP/1.0" ] && close=yes
              while read -r h; do
                h=${h%"$cr"}
                [ -z "$h" ] && break
                case "$h" in [Cc]onnection:*[Cc]lose*) close=yes ;; esac
              done
              [ -f /tmp/draining ] && close=yes
              case "$path" in
                /) status="200 OK"; body="$VERSION from $HOSTNAME" ;;
                /healthz) if [ "$HEALTHY" = yes ]; then status="200 OK"; body=ok; else status="404 Not Found"; body="not found"; fi ;;
                *) status="404 Not Found"; body="not found" ;;
              esac
              conn=keep-alive
              [ $close = yes ] && conn=close
              printf 'HTTP/1.1 %s\\r\\nContent-Type: text/plain\\r\\nContent-Length: %d\\r\\nConnection: %s\\r\\n\\r\\n%s\\n' "$status" $((${#body} + 1)) "$conn" "$body"
              [ $close = yes ] && exit 0
            done
            """;

    /** Builds {@link #V1}, {@link #V2} and {@link #V3} if this JVM has not yet; the first layers are {@link #HTTP}'s cache. */
    public static synchronized void buildVersions() throws IOException {
        if (versionsBuilt) return;
        build();
        Path context = Files.createTempDirectory("shoal-image");
        try (DockerClient docker = client()) {
            Files.copy(BUSYBOX, context.resolve("busybox"));
            Path serve = context.resolve("serve.sh");
            Files.writeString(serve, SERVE_CONNECTION);
            serve.toFile().setExecutable(true, false);
            for (int v = 1; v <= 3; v++) {
                Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                        "FROM scratch",
                        "COPY busybox /bin/busybox",
                        "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
                        "COPY serve.sh /serve.sh",
                        "ENV VERSION=v" + v + " HEALTHY=" + (v == 3 ? "no" : "yes"),
                        "EXPOSE 8080",
                        // draining: answers close their connections, the listener stops, in-flight answers get a second
                        "CMD [\"/bin/sh\", \"-c\", \"trap 'touch /tmp/draining; kill $pid; sleep 1; exit 0' TERM;"
                                + " nc -ll -p ${PORT:-8080} -e /serve.sh & pid=$!; wait $pid\"]",
                        ""));
                docker.buildImageCmd(context.toFile()).withTags(Set.of(version(v))).start().awaitImageId();
            }
            versionsBuilt = true;
        } finally {
            deleteContext(context);
        }
    }

    private static void deleteContext(Path context) throws IOException {
        try (var files = Files.list(context)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        Files.delete(context);
    }
}
