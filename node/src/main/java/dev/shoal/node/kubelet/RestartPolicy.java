package dev.shoal.node.kubelet;

/** A pod's {@code spec.restartPolicy}. */
public enum RestartPolicy {
    ALWAYS, ON_FAILURE, NEVER;

    /** Whether a container that exited with {@code exitCode} is started again. */
    public boolean restarts(int exitCode) {
        return this == ALWAYS || (this == ON_FAILURE && exitCode != 0);
    }

    /** Kubernetes' spelling; Always when absent, as the API defaults it. */
    public static RestartPolicy parse(String value) {
        return switch (value) {
            case "OnFailure" -> ON_FAILURE;
            case "Never" -> NEVER;
            default -> ALWAYS;
        };
    }
}
