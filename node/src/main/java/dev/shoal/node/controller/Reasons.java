package dev.shoal.node.controller;

/** Status reasons and messages, as named constants (never ad-hoc strings). */
public final class Reasons {
    public static final String NODE_LOST = "NodeLost";
    public static final String NODE_LOST_MESSAGE = "pod lost: its node left the cluster";
    public static final String UNSCHEDULABLE = "Unschedulable";
    public static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    public static final String RS_UPDATED = "ReplicaSetUpdated";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    public static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";
    public static final String PAUSED = "DeploymentPaused";
    public static final String RESUMED = "DeploymentResumed";

    private Reasons() {}
}
