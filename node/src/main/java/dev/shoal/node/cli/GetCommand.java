package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.api.table.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code shoal get}: list or fetch objects and print them as a table, JSON, YAML or names; optionally keep watching. */
@Command(name = "get", description = "Display one or many objects.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class GetCommand extends ClientCommand {
    /** Reopenings of a watch whose connection dropped, each from the last seen resourceVersion on the next peer. */
    static final int MAX_WATCH_RESUMES = 5;

    enum Format { table, wide, json, yaml, name }

    @Parameters(arity = "1..*", paramLabel = "KIND [NAME...] | KIND/NAME...",
            description = "The kind (plural, singular or short name: po, deploy, rs, svc, no, ns, ev) and optional names.")
    List<String> args;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "json, yaml, wide or name (default: a table).")
    Format output;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Label selector, e.g. app=web,tier!=db.")
    String selector;

    @Option(names = {"-A", "--all-namespaces"}, description = "List across all namespaces.")
    boolean allNamespaces;

    @Option(names = {"-w", "--watch"}, description = "After listing, keep printing objects as they change.")
    boolean watch;

    @Override
    public Integer call() {
        Targets targets = Targets.parse(args);
        ResourceType type = targets.type();
        if (allNamespaces && !targets.names().isEmpty()) {
            throw new CliException("a resource cannot be retrieved by name across all namespaces");
        }
        if (watch && targets.names().size() > 1) {
            throw new CliException("watch is only supported on individual resources and resource collections, but "
                    + targets.names().size() + " resources were found");
        }
        String namespace = !type.namespaced() || allNamespaces ? "" : options.namespace();

        List<ObjectNode> items = new ArrayList<>();
        String resourceVersion;
        boolean failed = false;
        if (targets.names().isEmpty()) {
            ObjectNode list = client().get(ResourcePaths.collection(type, namespace) + ResourcePaths.query("labelSelector", selector));
            list.path("items").forEach(i -> items.add((ObjectNode) i));
            resourceVersion = Meta.resourceVersion(list);
        } else {
            resourceVersion = "";
            for (String name : targets.names()) {
                try {
                    ObjectNode obj = client().get(ResourcePaths.object(type, namespace, name));
                    items.add(obj);
                    resourceVersion = Meta.resourceVersion(obj);
                } catch (ApiException e) {
                    // kubectl prints what it found and reports the rest
                    failed = true;
                    err().println("error: " + e.getMessage());
                }
            }
        }

        boolean single = targets.names().size() == 1;
        boolean listing = targets.names().isEmpty();
        boolean document = output == Format.json || output == Format.yaml;
        if (!items.isEmpty() || (listing && document)) {
            print(type, items, single);
        } else if (listing && !watch) {
            err().println(namespace.isEmpty() ? "No resources found" : "No resources found in " + namespace + " namespace.");
        }
        out().flush();
        err().flush();
        if (failed) return ExitCodes.FAILED;
        if (watch) watch(type, namespace, single ? targets.names().get(0) : "", resourceVersion, items);
        return ExitCodes.OK;
    }

    private void print(ResourceType type, List<ObjectNode> items, boolean single) {
        switch (output) {
            case json -> out().print(ObjectOutput.json(single && items.size() == 1 ? ObjectOutput.withKind(type, items.get(0)) : ObjectOutput.list(type, items)));
            case yaml -> out().print(ObjectOutput.yaml(single && items.size() == 1 ? ObjectOutput.withKind(type, items.get(0)) : ObjectOutput.list(type, items)));
            case name -> items.forEach(i -> out().print(ObjectOutput.name(type, i)));
            default -> out().print(Tables.render(Tables.table(type, items, output == Format.wide, now()), allNamespaces && type.namespaced()));
        }
    }

    /**
     * Streams changes after {@code resourceVersion}. Each row is laid out together with the listed
     * rows, so it lines up with the header unless one of its cells is wider (kubectl lays out each
     * watched row on its own, so its columns drift even when nothing is wider).
     */
    private void watch(ResourceType type, String namespace, String name, String resourceVersion, List<ObjectNode> listed) {
        boolean headerPrinted = !listed.isEmpty();
        String rv = resourceVersion;
        for (int resumes = 0; ; resumes++) {
            String path = ResourcePaths.collection(type, namespace) + ResourcePaths.query(
                    "watch", "true", "resourceVersion", rv, "labelSelector", selector,
                    "fieldSelector", name.isEmpty() ? "" : "metadata.name=" + name);
            try (Stream<String> lines = client().lines(path)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isBlank()) continue;
                    JsonNode event = readEvent(line);
                    String eventType = event.path("type").asText("");
                    if (!(event.path("object") instanceof ObjectNode obj)) continue;
                    if (eventType.equals("ERROR")) throw StatusErrors.fromResponse(obj.path("code").asInt(500), obj.toString());
                    if (!Meta.resourceVersion(obj).isEmpty()) rv = Meta.resourceVersion(obj);
                    if (eventType.equals("BOOKMARK")) continue;
                    headerPrinted = printWatched(type, listed, obj, headerPrinted);
                }
                return; // the server ended the watch
            } catch (UncheckedIOException e) {
                // the peer went away mid-stream; any other peer can continue from the last version seen
                if (resumes >= MAX_WATCH_RESUMES) throw new CliException("the watch was interrupted: " + e.getCause().getMessage());
            }
        }
    }

    private boolean printWatched(ResourceType type, List<ObjectNode> listed, ObjectNode obj, boolean headerPrinted) {
        switch (output) {
            case json -> out().print(ObjectOutput.json(ObjectOutput.withKind(type, obj)));
            case yaml -> out().print("---\n" + ObjectOutput.yaml(ObjectOutput.withKind(type, obj)));
            case name -> out().print(ObjectOutput.name(type, obj));
            default -> {
                List<ObjectNode> rows = new ArrayList<>(listed);
                rows.add(obj);
                String[] lines = Tables.render(Tables.table(type, rows, output == Format.wide, now()),
                        allNamespaces && type.namespaced()).split("\n");
                if (!headerPrinted) out().println(lines[0]);
                out().println(lines[lines.length - 1]);
            }
        }
        out().flush();
        return true;
    }

    private static JsonNode readEvent(String line) {
        try {
            return Json.JSON.readTree(line);
        } catch (IOException e) {
            throw new CliException("the server sent a watch event that is not JSON: " + line);
        }
    }

}
