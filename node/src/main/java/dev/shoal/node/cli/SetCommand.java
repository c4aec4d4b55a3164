package dev.shoal.node.cli;

import picocli.CommandLine.Command;

/** {@code shoal set}: change one field of an object without editing its manifest. */
@Command(name = "set", description = "Set specific features on objects.",
        mixinStandardHelpOptions = true,
        subcommands = {SetImageCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class SetCommand extends CommandGroup {
}
