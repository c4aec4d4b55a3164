package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a Deployment's rollout stands, in kubectl's words (its {@code DeploymentStatusViewer}).
 *
 * @param message the line to print, without its newline
 * @param done    whether the rollout is complete
 */
record RolloutStatus(String message, boolean done) {
    /** The Progressing condition's reason once the controller gives up on the rollout. */
    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    /**
     * The status of one observed Deployment object.
     *
     * @throws CliException when the rollout exceeded its progress deadline
     */
    static RolloutStatus of(JsonNode deployment) {
        String name = deployment.path("metadata").path("name").asText();
        long generation = deployment.path("metadata").path("generation").asLong();
        JsonNode status = deployment.path("status");
        if (status.path("observedGeneration").asLong() < generation) {
            return waiting("Waiting for deployment spec update to be observed...");
        }
        for (JsonNode c : status.path("conditions")) {
            if ("Progressing".equals(c.path("type").asText()) && PROGRESS_DEADLINE_EXCEEDED.equals(c.path("reason").asText())) {
                throw new CliException("deployment \"" + name + "\" exceeded its progress deadline");
            }
        }
        String prefix = "Waiting for deployment \"" + name + "\" rollout to finish: ";
        long desired = deployment.path("spec").path("replicas").asLong(1); // the API's default when unset
        long replicas = status.path("replicas").asLong();
        long updated = status.path("updatedReplicas").asLong();
        long available = status.path("availableReplicas").asLong();
        if (updated < desired) return waiting(prefix + updated + " out of " + desired + " new replicas have been updated...");
        if (replicas > updated) return waiting(prefix + (replicas - updated) + " old replicas are pending termination...");
        if (available < updated) return waiting(prefix + available + " of " + updated + " updated replicas are available...");
        return new RolloutStatus("deployment \"" + name + "\" successfully rolled out", true);
    }

    private static RolloutStatus waiting(String message) {
        return new RolloutStatus(message, false);
    }
}
