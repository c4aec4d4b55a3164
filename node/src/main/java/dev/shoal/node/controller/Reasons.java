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
    /** Progressing reason while a canary step holds the rollout (Shoal's own, see {@code Canary}). */
    public static final String CANARY_PAUSED = "CanaryPaused";
    /** Condition type Shoal adds after an automatic rollback (see {@code AutoRollback}). */
    public static final String ROLLED_BACK = "RolledBack";
    /** RolledBack reason when the new revision's pods kept failing readiness or crashing. */
    public static final String NEW_PODS_FAILING = "NewPodsFailing";
    /** Event reason of an automatic rollback (Kubernetes' own rollbacks reported "DeploymentRollback"). */
    public static final String AUTO_ROLLBACK = "DeploymentAutoRollback";

    private Reasons() {}
}
