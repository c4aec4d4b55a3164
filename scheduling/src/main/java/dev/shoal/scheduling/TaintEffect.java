package dev.shoal.scheduling;

/** What a taint does to pods that do not tolerate it (Kubernetes' names). */
public enum TaintEffect {
    /** New pods are not placed here. */
    NoSchedule,
    /** New pods avoid this node if they can: a scoring penalty, not a filter. */
    PreferNoSchedule,
    /** New pods are not placed here and running ones are evicted (eviction is not our job). */
    NoExecute
}
