package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code shoal rollout pause|resume}: set {@code spec.paused} with a merge patch. Like kubectl, the
 * Deployment is read first, and pausing a paused one (or resuming a running one) is an error.
 */
abstract class RolloutPauseCommand extends CommandGroup.Member {
    @Parameters(arity = "1..2", paramLabel = "deployment/NAME | deployment NAME", description = "The deployment.")
    List<String> args;

    /** The value of {@code spec.paused} this command sets. */
    abstract boolean paused();

    @Override
    public Integer call() {
        String name = deploymentName(args);
        String path = deploymentPath(name);
        ObjectNode deployment = client().get(path);
        if (deployment.path("spec").path("paused").asBoolean(false) == paused()) {
            throw new CliException("deployments.apps \"" + name + "\" " + (paused() ? "is already paused" : "is not paused"));
        }
        ObjectNode patch = Json.object();
        patch.putObject("spec").put("paused", paused());
        client().patch(path, ScaleCommand.MERGE_PATCH, patch);
        out().println(ObjectRefs.slash(ResourceType.DEPLOYMENT, name) + (paused() ? " paused" : " resumed"));
        out().flush();
        return ExitCodes.OK;
    }

    @Command(name = "pause", description = "Pause a deployment: template changes are recorded but not rolled out.",
            mixinStandardHelpOptions = true,
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
    static final class Pause extends RolloutPauseCommand {
        @Override
        boolean paused() {
            return true;
        }
    }

    @Command(name = "resume", description = "Resume a paused deployment, rolling out the changes made meanwhile.",
            mixinStandardHelpOptions = true,
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
    static final class Resume extends RolloutPauseCommand {
        @Override
        boolean paused() {
            return false;
        }
    }
}
