package dev.shoal.node.cli;

/** {@code shoal <command>}: runs the CLI and exits with its exit code (see {@link ExitCodes}). */
public final class CliMain {
    private CliMain() {}

    /** kubectl-style: client flags may come before the verb ({@code shoal --server a:6443 get pods}). */
    public static String[] withVerbFirst(String[] args) {
        return GlobalFlags.reorder(args);
    }

    public static void main(String[] args) {
        System.exit(ShoalCommand.commandLine().execute(GlobalFlags.reorder(args)));
    }
}
