package dev.shoal.node.cli;

import picocli.CommandLine.Command;

/** {@code shoal rollout}: follow, list, undo, pause and resume a deployment's rollouts, as kubectl does. */
@Command(name = "rollout", description = "Manage the rollout of a deployment.",
        mixinStandardHelpOptions = true,
        subcommands = {
                RolloutStatusCommand.class, RolloutHistoryCommand.class, RolloutUndoCommand.class,
                RolloutPauseCommand.Pause.class, RolloutPauseCommand.Resume.class,
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class RolloutCommand extends CommandGroup {
}
