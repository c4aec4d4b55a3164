package dev.shoal.node.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * What every client subcommand has: the common options, its output streams and a way to reach the
 * cluster. Works at any depth ({@code get}, {@code rollout status}): the environment comes from
 * the root {@link ShoalCommand}, not from the direct parent.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Spec
    CommandSpec spec;

    private ApiClient client;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    CliEnvironment environment() {
        return ((ShoalCommand) spec.root().userObject()).environment();
    }

    Instant now() {
        return environment().clock().instant();
    }

    ApiClient client() {
        if (client == null) client = options.client(environment(), err());
        return client;
    }
}
