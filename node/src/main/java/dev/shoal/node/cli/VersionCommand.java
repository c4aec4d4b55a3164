package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shoal version}: this client's version and the answering agent's ({@code GET /version}). */
@Command(name = "version", description = "Print the client and server versions.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class VersionCommand extends ClientCommand {
    enum Format { text, json, yaml }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "json or yaml.")
    Format output;

    @Option(names = "--client", description = "Only the client version; do not contact the server.")
    boolean clientOnly;

    @Override
    public Integer call() {
        ObjectNode versions = Json.object();
        versions.putObject("clientVersion").put("gitVersion", ClientVersion.value());
        if (output == Format.text) {
            // the client line first, so it is printed even when no server answers
            out().println("Client Version: " + ClientVersion.value());
            out().flush();
        }
        if (!clientOnly) {
            ObjectNode server = client().get("/version");
            versions.set("serverVersion", server);
            if (output == Format.text) out().println("Server Version: " + server.path("gitVersion").asText(""));
        }
        if (output == Format.json) out().print(ObjectOutput.json(versions));
        if (output == Format.yaml) out().print(ObjectOutput.yaml(versions));
        out().flush();
        return ExitCodes.OK;
    }
}
