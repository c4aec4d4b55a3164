package dev.shoal.proxy.internal;

import dev.shoal.proxy.ServicePortName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one Service port, tagged {@code namespace}, {@code service}, {@code port}.
 * "In" is client to backend, "out" is backend to client. Updated from the event loops
 * (Micrometer counters are striped adders, so that costs no lock).
 */
final class ServiceMetrics {
    final AtomicInteger active = new AtomicInteger();
    final Counter accepted;
    final Counter rejected;
    final Counter bytesIn;
    final Counter bytesOut;
    final Counter connectFailures;
    final Counter retries;
    private final List<Meter> meters;

    ServiceMetrics(MeterRegistry registry, ServicePortName service) {
        Tags tags = Tags.of("namespace", service.namespace(), "service", service.name(), "port", service.port());
        Gauge activeGauge = Gauge.builder("shoal.proxy.connections.active", active, AtomicInteger::get)
                .description("Client connections open now (including those still connecting to a backend)")
                .tags(tags).strongReference(true).register(registry);
        accepted = Counter.builder("shoal.proxy.connections").description("Client connections accepted")
                .tags(tags).register(registry);
        rejected = Counter.builder("shoal.proxy.connections.rejected")
                .description("Client connections closed because no backend could be reached")
                .tags(tags).register(registry);
        bytesIn = Counter.builder("shoal.proxy.in").baseUnit("bytes").description("Bytes relayed from clients to backends")
                .tags(tags).register(registry);
        bytesOut = Counter.builder("shoal.proxy.out").baseUnit("bytes").description("Bytes relayed from backends to clients")
                .tags(tags).register(registry);
        connectFailures = Counter.builder("shoal.proxy.connect.failures")
                .description("Attempts to connect to a backend that failed (refused or timed out)")
                .tags(tags).register(registry);
        retries = Counter.builder("shoal.proxy.connect.retries")
                .description("Connection attempts beyond a client connection's first")
                .tags(tags).register(registry);
        meters = List.of(activeGauge, accepted, rejected, bytesIn, bytesOut, connectFailures, retries);
    }

    void remove(MeterRegistry registry) {
        meters.forEach(registry::remove);
    }
}
