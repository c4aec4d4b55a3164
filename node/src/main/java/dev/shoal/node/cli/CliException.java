package dev.shoal.node.cli;

/** A failure the user can act on without a stack trace: a missing file, an unknown kind. Exit code 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
