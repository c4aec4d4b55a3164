package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code shoal rollout undo}: put an earlier revision's pod template back into the Deployment, as
 * kubectl's {@code DeploymentRollbacker} does: one JSON patch that replaces {@code /spec/template}
 * with the ReplicaSet's template minus its {@code pod-template-hash} label, and the Deployment's
 * annotations with the ReplicaSet's (so its change-cause comes back), keeping the controller's own.
 */
@Command(name = "undo", description = "Roll a deployment back to the previous revision, or to --to-revision.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class RolloutUndoCommand extends CommandGroup.Member {
    static final String JSON_PATCH = "application/json-patch+json";

    /** Annotations that describe the Deployment object itself, not a revision (kubectl's annotationsToSkip). */
    static final Set<String> OWN_ANNOTATIONS = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration",
            RolloutHistory.REVISION,
            "deployment.kubernetes.io/revision-history",
            "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas",
            "deprecated.deployment.rollback.to",
            // Shoal's marks of where a rollout stands: the Deployment's own, or one ReplicaSet's
            "shoal.dev/canary-passed", "shoal.dev/rolled-out-at");

    @Parameters(arity = "1..2", paramLabel = "deployment/NAME | deployment NAME", description = "The deployment.")
    List<String> args;

    @Option(names = "--to-revision", paramLabel = "N", defaultValue = "0", description = "The revision to go back to (default: the previous one).")
    long toRevision;

    @Override
    public Integer call() {
        String name = deploymentName(args);
        String ref = ObjectRefs.slash(ResourceType.DEPLOYMENT, name);
        ObjectNode deployment = client().get(deploymentPath(name));
        if (deployment.path("spec").path("paused").asBoolean(false)) {
            throw new CliException("you cannot rollback a paused deployment; resume it first with 'shoal rollout resume "
                    + ref + "' and try again");
        }
        NavigableMap<Long, ObjectNode> revisions = RolloutHistory.fetch(client(), options.namespace(), deployment);
        long target = target(revisions, toRevision, name);
        ObjectNode template = withoutHash(revisions.get(target).path("spec").path("template"));
        if (template.equals(withoutHash(deployment.path("spec").path("template")))) {
            out().println(ref + " skipped rollback (current template already matches revision " + target + ")");
            out().flush();
            return ExitCodes.OK;
        }
        client().send("PATCH", deploymentPath(name), JSON_PATCH, patch(deployment, revisions.get(target), template));
        out().println(ref + " rolled back");
        out().flush();
        return ExitCodes.OK;
    }

    /** The revision to restore: {@code toRevision} if given, else the one before the latest. */
    static long target(NavigableMap<Long, ObjectNode> revisions, long toRevision, String name) {
        if (toRevision > 0) {
            if (!revisions.containsKey(toRevision)) throw new CliException("unable to find specified revision " + toRevision + " in history");
            return toRevision;
        }
        Long previous = revisions.isEmpty() ? null : revisions.lowerKey(revisions.lastKey());
        if (previous == null) throw new CliException("no rollout history found for deployment \"" + name + "\"");
        return previous;
    }

    static ObjectNode withoutHash(JsonNode template) {
        ObjectNode copy = template instanceof ObjectNode o ? o.deepCopy() : Json.object();
        if (copy.path("metadata").path("labels") instanceof ObjectNode labels) labels.remove(RolloutHistory.POD_TEMPLATE_HASH);
        return copy;
    }

    static ArrayNode patch(ObjectNode deployment, ObjectNode replicaSet, ObjectNode template) {
        ArrayNode ops = Json.JSON.createArrayNode();
        ops.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
        // a JSON patch cannot replace a member that is absent; then there is nothing of ours to keep either
        if (deployment.path("metadata").has("annotations")) {
            Map<String, String> annotations = new TreeMap<>();
            Meta.annotations(deployment).forEach((k, v) -> { if (OWN_ANNOTATIONS.contains(k)) annotations.put(k, v); });
            Meta.annotations(replicaSet).forEach((k, v) -> { if (!OWN_ANNOTATIONS.contains(k)) annotations.put(k, v); });
            ObjectNode value = Json.object();
            annotations.forEach(value::put);
            ops.addObject().put("op", "replace").put("path", "/metadata/annotations").set("value", value);
        }
        return ops;
    }
}
