package dev.shoal.node.cli;

import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
import java.util.stream.Stream;

/**
 * {@code shoal logs}: a container's output, from whichever agent answers (it forwards to the node
 * running the pod). With {@code -f} the lines keep coming until the container stops or the user
 * interrupts.
 */
@Command(name = "logs", description = "Print the logs of a container in a pod.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class LogsCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POD", description = "The pod (or pod/NAME).")
    String pod;

    @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER",
            description = "The container; required when the pod has several.")
    String container;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they are written.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "-1",
            description = "Only the last N lines (-1: all). Default: ${DEFAULT-VALUE}.")
    long tail;

    @Override
    public Integer call() {
        if (tail < -1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tail must be -1 or more");
        String name = pod.startsWith("pod/") ? pod.substring(4) : pod.startsWith("pods/") ? pod.substring(5) : pod;
        if (name.isEmpty()) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "POD must not be empty");
        String path = ResourcePaths.object(ResourceType.POD, options.namespace(), name) + "/log" + ResourcePaths.query(
                "container", container, "follow", follow ? "true" : "", "tailLines", tail >= 0 ? Long.toString(tail) : "");
        try (Stream<String> lines = client().lines(path)) {
            for (String line : (Iterable<String>) lines::iterator) {
                out().println(line);
                if (follow) out().flush();  // a person is watching
            }
        } catch (UncheckedIOException e) {
            throw new CliException("reading the log of pod " + name + " failed: " + e.getCause().getMessage());
        }
        out().flush();
        return ExitCodes.OK;
    }
}
