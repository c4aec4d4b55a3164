package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.NavigableMap;

/** {@code shoal rollout history}: a deployment's revisions and change causes, or one revision's pod template. */
@Command(name = "history", description = "List a deployment's revisions, or show one with --revision.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class RolloutHistoryCommand extends CommandGroup.Member {
    @Parameters(arity = "1..2", paramLabel = "deployment/NAME | deployment NAME", description = "The deployment.")
    List<String> args;

    @Option(names = "--revision", paramLabel = "N", defaultValue = "0", description = "Show the pod template of revision N.")
    long revision;

    @Override
    public Integer call() {
        String name = deploymentName(args);
        ObjectNode deployment = client().get(deploymentPath(name));
        NavigableMap<Long, ObjectNode> revisions = RolloutHistory.fetch(client(), options.namespace(), deployment);
        String ref = ObjectRefs.slash(ResourceType.DEPLOYMENT, name);
        if (revision > 0) {
            ObjectNode rs = revisions.get(revision);
            if (rs == null) throw new CliException("unable to find the specified revision");
            out().print(ref + " with revision #" + revision + "\n" + RolloutHistory.template(rs) + "\n");
        } else {
            // kubectl's layout: the name with a trailing space, the table, a blank line
            out().print(ref + " \n" + RolloutHistory.table(revisions) + "\n");
        }
        out().flush();
        return ExitCodes.OK;
    }
}
