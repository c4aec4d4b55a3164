package dev.shoal.node.cli;

/** The exit codes scripts may rely on; listed in every command's help. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The server refused or failed the request (a Kubernetes Status), or the input could not be used. */
    public static final int FAILED = 1;
    /** The command line was wrong (picocli's own code for parameter errors). */
    public static final int USAGE = 2;
    /** None of the listed peers answered at all: nothing was sent anywhere, or its fate is unknown. */
    public static final int UNREACHABLE = 3;

    // for picocli's exitCodeList on every command (annotation values must be constants)
    static final String HEADING = "%nExit codes:%n";
    static final String HELP_OK = "0:success";
    static final String HELP_FAILED = "1:the server refused or failed the request, or the input could not be read";
    static final String HELP_USAGE = "2:usage error";
    static final String HELP_UNREACHABLE = "3:no listed peer was reachable";

    private ExitCodes() {}
}
