package dev.shoal.node.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Runs containers on this node: Docker containers ({@link DockerRuntime}) or host processes
 * ({@link ProcessRuntime}).
 * The kubelet decides; the runtime only does. Containers outlive the agent: closing the agent
 * leaves them running, and the next agent finds them with {@link #listOwned}.
 * All methods are thread-safe; {@link #stop} and both {@code exec}s block.
 */
public interface ContainerRuntime {

    /**
     * Makes sure the image is on this node, pulling it as the policy says. Blocks for the pull.
     * A runtime without images (processes) has nothing to do.
     * @throws ImagePullException if the image is not here and cannot be pulled (or may not be)
     */
    default void pullImage(String image, ImagePullPolicy policy) throws ImagePullException {}

    /**
     * Tells {@code listener} the pod uid of each container that exits from now on, as it happens,
     * so the kubelet reacts at once instead of at its next relist. Called on a runtime thread; the
     * listener must not block. A runtime may miss some (the relist catches those).
     */
    default void onExit(java.util.function.Consumer<String> listener) {}

    /** Starts the container. @throws IOException if it cannot be started (bad command, no image) */
    RunningContainer start(ContainerSpec spec) throws IOException;

    /** SIGTERM, then SIGKILL after {@code grace}; returns once it exited. A no-op for an exited or unknown id. */
    void stop(String containerId, Duration grace);

    /** Its state; empty for an id this runtime does not know (removed, or never started). */
    Optional<ContainerState> inspect(String containerId);

    /** Running containers started for {@code nodeName}, also by an earlier agent process: for adoption. */
    List<RunningContainer> listOwned(String nodeName);

    /**
     * Runs {@code command} beside the container, with its environment and working directory (an
     * exec probe). @return the command's exit code
     * @throws TimeoutException if it did not finish within {@code timeout} (it is killed)
     */
    int exec(String containerId, List<String> command, Duration timeout) throws IOException, TimeoutException;

    /**
     * Runs {@code command} beside the container as {@code kubectl exec} does: with its environment
     * and working directory, its stdout and stderr sent to {@code sink} as they come, and
     * {@code stdin}, when not null, copied to its standard input until it ends (the command then
     * reads end-of-file). Returns once the command exited and all its output reached the sink.
     *
     * <p>Interrupting the calling thread ends the exec: the runtime stops waiting, closes the
     * command's streams and kills it where it can, and throws {@link java.io.InterruptedIOException}.
     * The runtime reads {@code stdin} on a thread of its own and interrupts that thread when the
     * command ends.
     *
     * @return the command's exit code
     * @throws IOException if the command could not be started (the container is not running, no
     *                     such program) or the sink failed (the command is then ended)
     */
    int exec(String containerId, List<String> command, InputStream stdin, ExecSink sink) throws IOException;

    /** Forgets a stopped container and deletes what it left on disk (Docker's {@code rm}). */
    void remove(String containerId);

    /** The container's stdout and stderr. */
    Path logFile(String containerId);

    /**
     * The current instance of a pod's container or, once it exited, the last one (until it is
     * {@link #remove removed}): how {@code logs} finds a container without asking its pod worker.
     */
    Optional<RunningContainer> latest(String podUid, String containerName);

    /** The scheme of container IDs in pod status: "process", "docker". */
    String name();

    /** For the Node's {@code nodeInfo.containerRuntimeVersion}: "docker://20.10.24". */
    default String version() {
        return name() + "://";
    }
}
