package dev.shoal.node.kubelet;

/**
 * The verdict of one probe of one container instance, from its consecutive results: it flips to
 * passing after successThreshold successes in a row, to failing after failureThreshold failures.
 * Pure.
 */
record ProbeState(boolean passing, int successes, int failures) {

    /** Before the first result: liveness assumes alive, readiness and startup assume not yet. */
    static ProbeState initial(boolean passing) {
        return new ProbeState(passing, 0, 0);
    }

    ProbeState next(boolean success, Probe probe) {
        if (success) {
            int s = successes + 1;
            return new ProbeState(passing || s >= probe.successThreshold(), s, 0);
        }
        int f = failures + 1;
        return new ProbeState(passing && f < probe.failureThreshold(), 0, f);
    }

    /** Failed failureThreshold times in a row (what kills a container for liveness and startup). */
    boolean failedOut(Probe probe) {
        return failures >= probe.failureThreshold();
    }
}
