package dev.shoal.proxy.internal;

import io.netty.bootstrap.Bootstrap;

import java.util.function.LongSupplier;

/**
 * What every client connection needs to reach a backend.
 *
 * @param upstreams   configured for backend connections; cloned onto the client's event loop
 * @param maxAttempts backends one client connection may try
 * @param nanoClock   monotonic time for affinity timeouts
 */
record Dialing(Bootstrap upstreams, int maxAttempts, LongSupplier nanoClock) {
}
