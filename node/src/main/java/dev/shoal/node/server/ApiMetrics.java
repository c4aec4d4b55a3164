package dev.shoal.node.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** API request counts and latencies by verb, resource and status code ({@code shoal_api_requests_seconds}). */
public final class ApiMetrics {
    private final MeterRegistry registry;

    public ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String verb, String resource, int code, long nanos) {
        Timer.builder("shoal.api.requests")
                .description("API requests served by this node")
                .tag("verb", verb)
                .tag("resource", resource.isEmpty() ? "none" : resource)
                .tag("code", Integer.toString(code))
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
