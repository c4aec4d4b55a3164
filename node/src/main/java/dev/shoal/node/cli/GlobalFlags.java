package dev.shoal.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lets the client flags come before the verb, as kubectl users type them
 * ({@code shoal --server a:6443 get pods}): they are moved to just after the verb, where the
 * verb's own options are parsed. Pure.
 */
final class GlobalFlags {
    /** Flags that take a value as the next argument (or after '='). */
    private static final Set<String> WITH_VALUE = Set.of("--server", "--token", "-n", "--namespace", "--request-timeout",
            "--certificate-authority", "--client-certificate", "--client-key");
    /** Flags without a value that may also lead. */
    private static final Set<String> SWITCHES = Set.of("--insecure-skip-tls-verify");

    /** Commands that only group subcommands: the flags go after the subcommand, where they are parsed. */
    private static final Set<String> GROUPS = Set.of("rollout", "set", "config");

    private GlobalFlags() {}

    static String[] reorder(String[] args) {
        List<String> leading = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (SWITCHES.contains(name)) {
                leading.add(a);
                i++;
                continue;
            }
            if (!WITH_VALUE.contains(name)) break;
            leading.add(a);
            if (!a.contains("=") && i + 1 < args.length) leading.add(args[++i]);
            i++;
        }
        if (leading.isEmpty() || i >= args.length) return args;
        List<String> out = new ArrayList<>();
        out.add(args[i]);            // the verb
        int next = i + 1;
        if (GROUPS.contains(args[i]) && next < args.length && !args[next].startsWith("-")) out.add(args[next++]);
        out.addAll(leading);
        for (int j = next; j < args.length; j++) out.add(args[j]);
        return out.toArray(String[]::new);
    }
}
