package dev.shoal.node.kubelet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.logging.Logger;

/** Picks this node's container runtime: Docker when its engine answers, else host processes. */
public final class Runtimes {
    private static final Logger LOG = Logger.getLogger(Runtimes.class.getName());
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

    /** The {@code --runtime} flag. */
    public enum Mode {
        /** Docker if an engine answers at the Docker host, else processes: a fresh machine just works. */
        AUTO,
        DOCKER,
        PROCESS;

        public static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("runtime: unsupported value \"" + text + "\": supported values: auto, docker, process");
            }
        }
    }

    private Runtimes() {}

    /**
     * @param hostIP the node's address: Docker publishes container ports there
     * @param dns    the cluster DNS for Docker containers, or null where containers cannot reach it
     * @throws IOException if Docker was asked for and no engine answers at {@code dockerHost}
     */
    public static ContainerRuntime open(Mode mode, String dockerHost, Path dataDir, String nodeName, String hostIP,
                                        ContainerDns dns, Clock clock) throws IOException {
        if (mode == Mode.PROCESS) return new ProcessRuntime(dataDir, nodeName, clock);
        try {
            DockerRuntime docker = DockerRuntime.connect(dockerHost, dataDir, nodeName, hostIP, dns, clock);
            LOG.info("containers run on Docker " + docker.version() + " at " + dockerHost);
            return docker;
        } catch (IOException e) {
            if (mode == Mode.DOCKER) throw e;
            LOG.info(e.getMessage() + "; containers run as host processes (--runtime process)");
            return new ProcessRuntime(dataDir, nodeName, clock);
        }
    }
}
