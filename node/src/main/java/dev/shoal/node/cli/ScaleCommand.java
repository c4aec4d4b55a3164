package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code shoal scale}: set the replicas of a deployment or replica set through its {@code scale}
 * subresource. With {@code --current-replicas} the scale is read first and the patch carries its
 * resourceVersion, so it applies only if nobody changed the count in between.
 */
@Command(name = "scale", description = "Set the number of replicas of a deployment or replica set.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class ScaleCommand extends ClientCommand {
    static final String MERGE_PATCH = "application/merge-patch+json";

    @Parameters(arity = "1..*", paramLabel = "KIND NAME | KIND/NAME", description = "The deployment or replica set.")
    List<String> args;

    @Option(names = "--replicas", required = true, paramLabel = "N", description = "The new number of replicas.")
    int replicas;

    @Option(names = "--current-replicas", paramLabel = "M", description = "Scale only if the current number of replicas is M.")
    Integer currentReplicas;

    @Override
    public Integer call() {
        if (replicas < 0) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--replicas must be 0 or more");
        Targets targets = Targets.parse(args);
        ResourceType type = targets.type();
        if (type != ResourceType.DEPLOYMENT && type != ResourceType.REPLICASET) {
            throw new CliException(type.plural() + " cannot be scaled; scale a deployment or a replica set");
        }
        if (targets.names().isEmpty()) throw new CliException("resource(s) were provided, but no name was specified");
        for (String name : targets.names()) {
            String path = ResourcePaths.object(type, options.namespace(), name) + "/scale";
            ObjectNode patch = Json.object();
            if (currentReplicas != null) {
                ObjectNode scale = client().get(path);
                long current = scale.path("spec").path("replicas").asLong();
                if (current != currentReplicas) {
                    throw new CliException("Expected replicas to be " + currentReplicas + ", was " + current);
                }
                patch.putObject("metadata").put("resourceVersion", Meta.resourceVersion(scale));
            }
            patch.putObject("spec").put("replicas", replicas);
            client().patch(path, MERGE_PATCH, patch);
            out().println(ObjectRefs.slash(type, name) + " scaled");
        }
        out().flush();
        return ExitCodes.OK;
    }
}
