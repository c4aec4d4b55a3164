package dev.shoal.proxy.internal;

import dev.shoal.proxy.ServicePortName;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The per-Service meters of one proxy. Several listeners may serve one Service port (a cluster
 * IP and an external IP), so they share its meters. Only {@code apply} touches this (serialised).
 */
final class ProxyMetrics {
    private final MeterRegistry registry;
    private final Map<ServicePortName, ServiceMetrics> byService = new HashMap<>();

    ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    ServiceMetrics of(ServicePortName service) {
        return byService.computeIfAbsent(service, s -> new ServiceMetrics(registry, s));
    }

    /** Unregisters the meters of Services no longer proxied, so their series end. */
    void retainOnly(Set<ServicePortName> services) {
        byService.entrySet().removeIf(e -> {
            if (services.contains(e.getKey())) return false;
            e.getValue().remove(registry);
            return true;
        });
    }
}
