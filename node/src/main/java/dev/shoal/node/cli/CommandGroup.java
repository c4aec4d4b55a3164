package dev.shoal.node.cli;

import dev.shoal.api.ResourceType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * A command that only groups subcommands ({@code rollout}, {@code set}): run alone it prints its
 * usage. Its subcommands extend {@link Member}.
 */
abstract class CommandGroup implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** A subcommand of a group: a {@link ClientCommand} with helpers for naming one deployment. */
    abstract static class Member extends ClientCommand {
        /** The one deployment named by {@code deployment/NAME} or {@code deploy NAME}. */
        static String deploymentName(List<String> args) {
            Targets targets = Targets.parse(args);
            if (targets.type() != ResourceType.DEPLOYMENT) {
                throw new CliException("this command works on deployments only, not " + targets.type().plural());
            }
            if (targets.names().size() != 1) {
                throw new CliException("name exactly one deployment, e.g. deployment/web");
            }
            return targets.names().get(0);
        }

        String deploymentPath(String name) {
            return ResourcePaths.object(ResourceType.DEPLOYMENT, options.namespace(), name);
        }
    }
}
