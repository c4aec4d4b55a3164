package dev.shoal.node.kubelet;

/** Reasons the kubelet writes into pod and container status: Kubernetes' own strings. */
final class KubeletReasons {
    static final String CONTAINER_CREATING = "ContainerCreating";
    static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
    static final String ERR_IMAGE_PULL = "ErrImagePull";
    static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
    static final String ERR_IMAGE_NEVER_PULL = "ErrImageNeverPull";
    static final String OOM_KILLED = "OOMKilled";
    static final String COMPLETED = "Completed";
    static final String ERROR = "Error";
    /** The process could not be started at all (no such command); reported with exit code 128. */
    static final String START_ERROR = "StartError";
    static final int START_ERROR_EXIT_CODE = 128;
    /** The container was running when the agent stopped, and was gone when it came back. */
    static final String CONTAINER_STATUS_UNKNOWN = "ContainerStatusUnknown";
    static final String HOST_PORT_CONFLICT = "HostPortConflict";
    static final String CONTAINERS_NOT_READY = "ContainersNotReady";
    static final String POD_COMPLETED = "PodCompleted";
    static final String UNHEALTHY_LIVENESS = "Liveness probe failed: ";
    static final String UNHEALTHY_STARTUP = "Startup probe failed: ";

    private KubeletReasons() {}
}
