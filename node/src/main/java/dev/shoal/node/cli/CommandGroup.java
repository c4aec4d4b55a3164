package dev.shoal.node.cli;

import dev.shoal.api.ResourceType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A command that only groups subcommands ({@code rollout}, {@code set}): run alone it prints its
 * usage. Its subcommands extend {@link Member}, which reaches the environment through the group
 * (a {@link ClientCommand} expects {@link ShoalCommand} as its direct parent).
 */
abstract class CommandGroup implements Callable<Integer> {
    @ParentCommand
    ShoalCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** A subcommand of a group: the same options and client as a {@link ClientCommand}. */
    abstract static class Member implements Callable<Integer> {
        @ParentCommand
        CommandGroup group;

        @Mixin
        ClientOptions options;

        @Spec
        CommandSpec spec;

        private ApiClient client;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        ApiClient client() {
            if (client == null) client = options.client(group.root.environment(), err());
            return client;
        }

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
