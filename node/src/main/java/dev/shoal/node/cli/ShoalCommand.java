package dev.shoal.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The root {@code shoal} command. Every subcommand here is a client of the REST API; the agent
 * registers {@code agent} on the {@link CommandLine} returned by {@link #commandLine()}.
 */
@Command(name = "shoal",
        description = "A masterless container orchestrator. Talks the Kubernetes REST API to any agent.",
        mixinStandardHelpOptions = true,
        versionProvider = ClientVersion.class,
        subcommands = {
                ApplyCommand.class, GetCommand.class, DescribeCommand.class,
                DeleteCommand.class, ScaleCommand.class, LogsCommand.class, ExecCommand.class, RolloutCommand.class, SetCommand.class,
                VersionCommand.class, ConfigCommand.class, ProxyCommand.class,
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
public final class ShoalCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    ShoalCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    /** The root command with every CLI subcommand, reading the real environment. */
    public static CommandLine commandLine() {
        return commandLine(CliEnvironment.system());
    }

    public static CommandLine commandLine(CliEnvironment environment) {
        return new CommandLine(new ShoalCommand(environment))
                .setExecutionExceptionHandler(new CliErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Without a subcommand: the usage, as kubectl does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
