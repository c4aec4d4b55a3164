package dev.shoal.node.kubelet;

import java.io.IOException;

/**
 * Where a streaming {@link ContainerRuntime#exec(String, java.util.List, java.io.InputStream, ExecSink) exec}
 * sends the command's output as it comes, stdout and stderr kept apart.
 *
 * <p>Threading: called from the runtime's reader threads, stdout and stderr possibly at the same
 * time, so implementations must be thread-safe. Blocking is allowed and is the backpressure: while
 * a call blocks, the command's output waits in its pipe, and a command that keeps writing blocks.
 */
public interface ExecSink {
    /**
     * The next bytes the command wrote to stdout; the array is the sink's to keep.
     * @throws IOException if the output has nowhere to go any more: the runtime then ends the command
     */
    void stdout(byte[] chunk) throws IOException;

    /** The same for stderr. */
    void stderr(byte[] chunk) throws IOException;
}
