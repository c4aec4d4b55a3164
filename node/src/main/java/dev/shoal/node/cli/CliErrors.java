package dev.shoal.node.cli;

import dev.shoal.api.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures a user can expect into one line on stderr and an exit code; anything else is
 * a bug and keeps its stack trace.
 */
final class CliErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) throws Exception {
        int code;
        if (ex instanceof ApiException || ex instanceof CliException) code = ExitCodes.FAILED;
        else if (ex instanceof PeersUnreachableException) code = ExitCodes.UNREACHABLE;
        else throw ex;
        cmd.getErr().println("error: " + ex.getMessage());
        cmd.getErr().flush();
        return code;
    }
}
