package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.node.cli.Manifests.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code shoal delete}: delete named objects, or the objects of manifests, with a propagation policy. */
@Command(name = "delete", description = "Delete objects by kind and name, or those described in files.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class DeleteCommand extends ClientCommand {
    /** What happens to the objects a deleted one owns (a deployment's replica sets, their pods). */
    enum Cascade {
        /** delete the owner now, its dependents after */
        background,
        /** delete the dependents first; the owner goes last */
        foreground,
        /** keep the dependents, without an owner */
        orphan;

        /** The Kubernetes DeletionPropagation value: "Background", "Foreground", "Orphan". */
        String propagationPolicy() {
            return name().substring(0, 1).toUpperCase(Locale.ROOT) + name().substring(1);
        }
    }

    @Parameters(arity = "0..*", paramLabel = "KIND NAME... | KIND/NAME...", description = "What to delete.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", description = "Delete the objects in these manifests (file, directory or -).")
    List<String> files = new ArrayList<>();

    @Option(names = "--cascade", paramLabel = "POLICY", defaultValue = "background",
            description = "background, foreground or orphan (default: ${DEFAULT-VALUE}).")
    Cascade cascade;

    @Option(names = "--ignore-not-found", description = "Treat \"not found\" as success.")
    boolean ignoreNotFound;

    private record Target(ResourceType type, String namespace, String name) {}

    @Override
    public Integer call() {
        if (args.isEmpty() == files.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either KIND NAME... or -f FILE");
        }
        boolean failed = false;
        for (Target t : targets()) {
            try {
                client().delete(ResourcePaths.object(t.type(), t.namespace(), t.name()), deleteOptions());
                out().println(ObjectRefs.quoted(t.type(), t.name()) + " deleted");
            } catch (ApiException e) {
                if (e.code() == 404 && ignoreNotFound) continue;
                failed = true;
                out().flush();
                err().println("error: " + e.getMessage());
            }
        }
        out().flush();
        err().flush();
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private List<Target> targets() {
        List<Target> out = new ArrayList<>();
        if (!files.isEmpty()) {
            for (Manifest m : Manifests.read(files, environment().stdin())) {
                ObjectNode obj = m.object();
                ResourceType type = ResourceType.byApiVersionAndKind(obj.path("apiVersion").asText(""), obj.path("kind").asText(""))
                        .orElseThrow(() -> new CliException("no matches for kind \"" + obj.path("kind").asText("") + "\" in version \""
                                + obj.path("apiVersion").asText("") + "\""));
                String ns = !type.namespaced() ? "" : Meta.namespace(obj).isEmpty() ? options.namespace() : Meta.namespace(obj);
                out.add(new Target(type, ns, Meta.name(obj)));
            }
            return out;
        }
        Targets targets = Targets.parse(args);
        if (targets.names().isEmpty()) throw new CliException("resource(s) were provided, but no name was specified");
        for (String name : targets.names()) {
            out.add(new Target(targets.type(), targets.type().namespaced() ? options.namespace() : "", name));
        }
        return out;
    }

    private ObjectNode deleteOptions() {
        ObjectNode body = Json.object();
        body.put("kind", "DeleteOptions");
        body.put("apiVersion", "v1");
        body.put("propagationPolicy", cascade.propagationPolicy());
        return body;
    }
}
