package dev.shoal.node.cli;

import dev.shoal.api.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * What a command's positional arguments name, in kubectl's two forms: {@code KIND [NAME...]} or
 * {@code KIND/NAME [KIND/NAME...]}.
 *
 * @param type  the kind of every target (one kind per command line)
 * @param names the names; empty means "all of the kind"
 */
record Targets(ResourceType type, List<String> names) {
    static Targets parse(List<String> args) {
        if (args == null || args.isEmpty()) {
            throw new CliException("you must specify the type of resource, e.g. deployments, pods, services, nodes");
        }
        if (args.get(0).contains("/")) {
            ResourceType type = null;
            List<String> names = new ArrayList<>();
            for (String arg : args) {
                int slash = arg.indexOf('/');
                if (slash < 0) throw new CliException("there is no need to specify a resource type as a separate argument"
                        + " when passing arguments in resource/name form (e.g. 'shoal get resource/<resource_name>')");
                ResourceType t = kind(arg.substring(0, slash));
                if (type != null && t != type) throw new CliException("one kind per command: got " + type.plural() + " and " + t.plural());
                type = t;
                names.add(name(arg.substring(slash + 1)));
            }
            return new Targets(type, names);
        }
        List<String> names = new ArrayList<>();
        for (String arg : args.subList(1, args.size())) names.add(name(arg));
        return new Targets(kind(args.get(0)), names);
    }

    static ResourceType kind(String text) {
        return ResourceType.byUserName(text)
                .orElseThrow(() -> new CliException("the server doesn't have a resource type \"" + text + "\""));
    }

    private static String name(String name) {
        if (name.isEmpty() || name.contains("/")) throw new CliException("invalid resource name \"" + name + "\"");
        return name;
    }
}
