package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code shoal describe}: one object in prose, with the events about it. Events and a service's
 * pods are context, not the answer: if they cannot be read the description is still printed.
 */
@Command(name = "describe", description = "Show details of an object and the events about it.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class DescribeCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "KIND [NAME...] | KIND/NAME...", description = "What to describe; all of the kind without names.")
    List<String> args;

    @Override
    public Integer call() {
        Targets targets = Targets.parse(args);
        ResourceType type = targets.type();
        String namespace = type.namespaced() ? options.namespace() : "";
        List<ObjectNode> objects = new ArrayList<>();
        if (targets.names().isEmpty()) {
            client().get(ResourcePaths.collection(type, namespace)).path("items").forEach(i -> objects.add((ObjectNode) i));
        } else {
            for (String name : targets.names()) objects.add(client().get(ResourcePaths.object(type, namespace, name)));
        }
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) out().println();
            ObjectNode obj = objects.get(i);
            List<ObjectNode> pods = type == ResourceType.SERVICE ? selectedPods(obj) : List.of();
            out().print(Describer.describe(type, obj, new Describer.Context(events(type, obj), pods), now()));
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** Events about the object; cluster-scoped objects' events are searched in every namespace. */
    private List<ObjectNode> events(ResourceType type, ObjectNode obj) {
        String path = type.namespaced()
                ? ResourcePaths.collection(ResourceType.EVENT, Meta.namespace(obj)) + ResourcePaths.query("fieldSelector",
                "involvedObject.name=" + Meta.name(obj) + ",involvedObject.namespace=" + Meta.namespace(obj))
                : ResourcePaths.collection(ResourceType.EVENT, "") + ResourcePaths.query("fieldSelector",
                "involvedObject.kind=" + type.kind() + ",involvedObject.name=" + Meta.name(obj));
        return itemsOrEmpty(path);
    }

    /** The pods a service selects: its endpoints are the ready ones among them. */
    private List<ObjectNode> selectedPods(ObjectNode svc) {
        String selector = Describer.labels(svc.path("spec").path("selector"));
        if (selector.isEmpty()) return List.of();
        return itemsOrEmpty(ResourcePaths.collection(ResourceType.POD, Meta.namespace(svc)) + ResourcePaths.query("labelSelector", selector));
    }

    private List<ObjectNode> itemsOrEmpty(String path) {
        List<ObjectNode> items = new ArrayList<>();
        try {
            client().get(path).path("items").forEach(i -> items.add((ObjectNode) i));
        } catch (ApiException e) {
            // context only: an agent without events (404) or without field selectors (400) still gets described
        }
        return items;
    }
}
