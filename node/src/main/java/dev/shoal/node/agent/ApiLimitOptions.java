package dev.shoal.node.agent;

import dev.shoal.node.cli.Durations;
import dev.shoal.node.server.ApiLimits;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The agent's flags for {@link ApiLimits}: how much one client may ask of this node's API. */
public final class ApiLimitOptions {
    @Option(names = "--api-rate-limit", defaultValue = "${env:SHOAL_API_RATE_LIMIT:-100}",
            description = {"Requests a second each API client may make of this agent, refilled continuously; 0 turns the"
                    + " limit off (env SHOAL_API_RATE_LIMIT; default ${DEFAULT-VALUE}).",
                    "A client is its user, or its address when it has no valid credentials; over the limit it gets 429 with"
                    + " Retry-After. Agents' own calls, watches and health checks are exempt."})
    double rateLimit;

    @Option(names = "--api-burst", defaultValue = "${env:SHOAL_API_BURST:-200}",
            description = "Requests an API client may make at once before --api-rate-limit applies (env SHOAL_API_BURST; default ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--api-request-timeout", defaultValue = "${env:SHOAL_API_REQUEST_TIMEOUT:-30s}",
            converter = Durations.Converter.class,
            description = "The most one request may take to arrive, first byte to last; a slower client gets 408 and is"
                    + " disconnected (env SHOAL_API_REQUEST_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    /** @throws IllegalArgumentException naming the flag that is out of range */
    ApiLimits limits() {
        return new ApiLimits(rateLimit, burst, requestTimeout);
    }
}
