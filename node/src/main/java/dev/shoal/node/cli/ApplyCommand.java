package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.node.cli.Manifests.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code shoal apply -f}: create each object, or replace it if it exists. Replacement is a PUT
 * carrying the resourceVersion just read, so a concurrent writer makes it fail with 409 rather than
 * be silently overwritten; then the object is read again and the PUT retried.
 */
@Command(name = "apply", description = "Create or update objects from files, directories or stdin.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class ApplyCommand extends ClientCommand {
    /** Re-reads after a 409 Conflict: more than a few means someone else is writing the object in a loop. */
    static final int MAX_CONFLICT_RETRIES = 3;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "A manifest file, a directory of *.yaml/*.yml/*.json files, or - for stdin. Repeatable.")
    List<String> files;

    /** What apply did to one object, as printed after its name. */
    enum Outcome { created, configured, unchanged }

    @Override
    public Integer call() {
        List<Manifest> manifests = Manifests.read(files, environment().stdin());
        boolean failed = false;
        for (Manifest m : manifests) {
            try {
                ResourceType type = typeOf(m.object());
                ObjectNode obj = withNamespace(type, m.object());
                Outcome outcome = apply(type, obj);
                out().println(ObjectRefs.slash(type, Meta.name(obj)) + " " + outcome);
            } catch (ApiException | CliException e) {
                // one bad object must not stop the others: report it and carry on
                failed = true;
                out().flush();
                err().println("error: " + e.getMessage());
            }
        }
        out().flush();
        err().flush();
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private Outcome apply(ResourceType type, ObjectNode obj) {
        String name = Meta.name(obj);
        if (name.isEmpty()) throw new CliException(ObjectRefs.resource(type) + ": metadata.name is required");
        String namespace = type.namespaced() ? Meta.namespace(obj) : "";
        String path = ResourcePaths.object(type, namespace, name);
        for (int attempt = 0; ; attempt++) {
            ObjectNode existing;
            try {
                existing = client().get(path);
            } catch (ApiException e) {
                if (e.code() != 404) throw e;
                client().post(ResourcePaths.collection(type, namespace), obj);
                return Outcome.created;
            }
            String oldVersion = Meta.resourceVersion(existing);
            ObjectNode update = obj.deepCopy();
            Meta.metadata(update).put("resourceVersion", oldVersion);
            try {
                ObjectNode stored = client().put(path, update);
                return Meta.resourceVersion(stored).equals(oldVersion) ? Outcome.unchanged : Outcome.configured;
            } catch (ApiException e) {
                if (e.code() != 409 || attempt >= MAX_CONFLICT_RETRIES) throw e;
            }
        }
    }

    private static ResourceType typeOf(ObjectNode obj) {
        String apiVersion = obj.path("apiVersion").asText("");
        String kind = obj.path("kind").asText("");
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            throw new CliException("object \"" + Meta.name(obj) + "\": apiVersion and kind are required");
        }
        return ResourceType.byApiVersionAndKind(apiVersion, kind).orElseThrow(() ->
                new CliException("no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\""));
    }

    /**
     * The object with the namespace it will live in: its own, else -n's. A manifest naming another
     * namespace than an explicit -n is refused, as kubectl does, since one of the two is a mistake.
     */
    private ObjectNode withNamespace(ResourceType type, ObjectNode obj) {
        if (!type.namespaced()) return obj;
        String own = Meta.namespace(obj);
        if (own.isEmpty()) {
            ObjectNode copy = obj.deepCopy();
            Meta.metadata(copy).put("namespace", options.namespace());
            return copy;
        }
        if (options.namespaceGiven() && !own.equals(options.namespace())) {
            throw new CliException("the namespace from the provided object \"" + own + "\" does not match the namespace \""
                    + options.namespace() + "\". You must pass '--namespace=" + own + "' to perform this operation.");
        }
        return obj;
    }
}
