package dev.shoal.node.cli;

/** {@code shoal <command>}: runs the CLI and exits with its exit code (see {@link ExitCodes}). */
public final class CliMain {
    private CliMain() {}

    public static void main(String[] args) {
        System.exit(ShoalCommand.commandLine().execute(args));
    }
}
