package dev.shoal.node.cli;

import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code shoal exec POD [-c CONTAINER] [-i] -- COMMAND [ARGS...]}: runs a command beside a
 * container of a pod, through whichever agent answers (it relays to the pod's node), over the
 * same WebSocket protocol kubectl speaks. Exits with the command's exit code, as kubectl does.
 */
@Command(name = "exec", description = "Run a command in a container of a pod; exits with its exit code.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the command succeeded",
                "N:the command exited with N (so 1, 2 and 3 may also be the command's own)",
                ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class ExecCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POD", description = "The pod (or pod/NAME).")
    String pod;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND",
            description = "The command and its arguments; put -- before it when they start with a dash.")
    List<String> command;

    @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER",
            description = "The container; required when the pod has several.")
    String container;

    @Option(names = {"-i", "--stdin"}, description = "Pass stdin to the command (it reads end-of-file when ours ends).")
    boolean stdin;

    @Override
    public Integer call() {
        String name = pod.startsWith("pod/") ? pod.substring(4) : pod.startsWith("pods/") ? pod.substring(5) : pod;
        if (name.isEmpty()) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "POD must not be empty");
        String path = ResourcePaths.object(ResourceType.POD, options.namespace(), name) + "/exec" + query();
        ExecStream stream = new ExecStream(environment().stdout(), environment().stderr());
        out().flush();
        err().flush();
        WebSocket ws = client().webSocket(path, ExecStream.SUBPROTOCOLS, stream);
        if (stdin) {
            Thread copier = new Thread(() -> ExecStream.copyStdin(environment().stdin(), ws), "shoal-exec-stdin");
            copier.setDaemon(true);  // a terminal's stdin may never end; the command's end ends us
            copier.start();
        }
        return stream.awaitExitCode();
    }

    /** Kubernetes' PodExecOptions as query parameters: one {@code command} per word. */
    private String query() {
        StringBuilder q = new StringBuilder("?");
        for (String word : command) q.append("command=").append(URLEncoder.encode(word, StandardCharsets.UTF_8)).append('&');
        if (container != null && !container.isEmpty()) {
            q.append("container=").append(URLEncoder.encode(container, StandardCharsets.UTF_8)).append('&');
        }
        if (stdin) q.append("stdin=true&");
        return q.append("stdout=true&stderr=true").toString();
    }
}
