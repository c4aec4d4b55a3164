package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;
import io.netty.bootstrap.Bootstrap;

import java.net.Inet4Address;

import java.util.function.LongSupplier;

/**
 * What every client connection needs to reach a backend.
 *
 * @param upstreams4  configured for IPv4 backend connections; cloned onto the client's event loop
 * @param upstreams6  the same for IPv6 backends
 * @param maxAttempts backends one client connection may try
 * @param nanoClock   monotonic time for affinity timeouts
 */
record Dialing(Bootstrap upstreams4, Bootstrap upstreams6, int maxAttempts, LongSupplier nanoClock) {

    /** The template for a backend's address family. */
    Bootstrap upstreams(Backend backend) {
        return backend.ip() instanceof Inet4Address ? upstreams4 : upstreams6;
    }
}
