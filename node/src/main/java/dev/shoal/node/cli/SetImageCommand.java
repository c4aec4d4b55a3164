package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code shoal set image}: change container images in a deployment's pod template with a strategic
 * merge patch, which merges the containers list by name. The Deployment is read first so that a
 * misspelt container is an error rather than a new container.
 */
@Command(name = "image", description = "Update the image of containers in a deployment's pod template.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class SetImageCommand extends CommandGroup.Member {
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

    @Parameters(arity = "2..*", paramLabel = "deployment/NAME CONTAINER=IMAGE...",
            description = "The deployment, then one or more CONTAINER=IMAGE (* = every container).")
    List<String> args;

    @Override
    public Integer call() {
        List<String> target = new ArrayList<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) target.add(arg);
            else if (eq == 0 || eq == arg.length() - 1) throw new CliException("invalid image update \"" + arg + "\": use CONTAINER=IMAGE");
            else images.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        if (images.isEmpty()) throw new CliException("at least one image update is required");
        String name = deploymentName(target);
        ObjectNode deployment = client().get(deploymentPath(name));
        List<String> containers = new ArrayList<>();
        deployment.path("spec").path("template").path("spec").path("containers").forEach(c -> containers.add(c.path("name").asText()));

        Map<String, String> updates = new LinkedHashMap<>();
        images.forEach((container, image) -> {
            if (container.equals("*")) containers.forEach(c -> updates.put(c, image));
            else if (containers.contains(container)) updates.put(container, image);
            else throw new CliException("unable to find container named \"" + container + "\"");
        });
        client().patch(deploymentPath(name), STRATEGIC_MERGE_PATCH, patch(updates));
        out().println(ObjectRefs.slash(ResourceType.DEPLOYMENT, name) + " image updated");
        out().flush();
        return ExitCodes.OK;
    }

    static ObjectNode patch(Map<String, String> images) {
        ObjectNode patch = Json.object();
        ArrayNode list = patch.putObject("spec").putObject("template").putObject("spec").putArray("containers");
        images.forEach((c, i) -> list.addObject().put("name", c).put("image", i));
        return patch;
    }
}
