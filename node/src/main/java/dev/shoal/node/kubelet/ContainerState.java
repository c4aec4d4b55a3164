package dev.shoal.node.kubelet;

import java.time.Instant;

/** What a runtime observes of one container: still running, or exited. */
public sealed interface ContainerState {
    /**
     * The exit code reported for a container whose real code cannot be known (its process was
     * not our child, or it vanished): 128 + SIGKILL, as Kubernetes reports a lost container.
     */
    int UNKNOWN_EXIT_CODE = 137;

    Instant startedAt();

    record Running(Instant startedAt) implements ContainerState {}

    /** @param reason the runtime's word for why, when it knows more than the code says (OOMKilled); else "" */
    record Exited(int exitCode, Instant startedAt, Instant finishedAt, String reason) implements ContainerState {
        public Exited {
            reason = reason == null ? "" : reason;
        }

        public Exited(int exitCode, Instant startedAt, Instant finishedAt) {
            this(exitCode, startedAt, finishedAt, "");
        }
    }
}
