/**
 * The {@code shoal} command line: every subcommand except {@code agent}.
 *
 * <p>Entry points: {@link dev.shoal.node.cli.CliMain#main} and {@link dev.shoal.node.cli.ShoalCommand#commandLine()},
 * to which the agent registers its own subcommand. Each command is a small picocli class that turns
 * its arguments into Kubernetes REST calls through {@link dev.shoal.node.cli.ApiClient}, which fails
 * over between the listed peers (any agent serves any request; there is no master to find).
 *
 * <p>What is deliberately absent: the CLI never talks to Hazelcast or reads cluster state other than
 * through the REST API, so stock {@code kubectl} and {@code shoal} see exactly the same thing.
 * Output formatting of tables lives in {@code dev.shoal.api.table}, so the API server can serve the
 * same tables.
 */
package dev.shoal.node.cli;
