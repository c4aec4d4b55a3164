package dev.shoal.node;

import dev.shoal.node.agent.AgentCommand;
import picocli.CommandLine;

/**
 * The {@code shoal} program: {@code shoal agent} runs the agent; every other subcommand is the CLI.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CommandLine cli = dev.shoal.node.cli.ShoalCommand.commandLine();
        cli.addSubcommand("agent", new AgentCommand());
        cli.addSubcommand("hello", new dev.shoal.node.cli.HelloCommand());
        cli.addSubcommand("certificate", new dev.shoal.node.agent.CertificateCommand());
        System.exit(cli.execute(dev.shoal.node.cli.CliMain.withVerbFirst(args)));
    }
}
