package dev.shoal.node.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** API request counts and latencies by verb, resource and status code ({@code shoal_api_requests_seconds}). */
public final class ApiMetrics {
    /**
     * Histogram buckets for every latency Shoal exports: a handful around the targets that matter
     * (20 ms p99 for writes, Kubernetes' 1 s SLO) rather than Micrometer's ~70 default buckets per series.
     */
    public static final java.time.Duration[] LATENCY_BUCKETS = java.util.stream.Stream.of(1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000)
            .map(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new);

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
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
