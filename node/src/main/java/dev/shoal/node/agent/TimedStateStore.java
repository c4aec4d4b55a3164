package dev.shoal.node.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.WatchEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Records the latency of every store operation ({@code shoal_store_operations_seconds{op,kind}}). */
final class TimedStateStore implements StateStore {
    private final StateStore delegate;
    private final MeterRegistry registry;

    TimedStateStore(StateStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    private <T> T timed(String op, ResourceType type, Supplier<T> call) {
        Timer timer = Timer.builder("shoal.store.operations")
                .description("replicated state store operations issued by this node")
                .tag("op", op).tag("kind", type.plural())
                .serviceLevelObjectives(dev.shoal.node.server.ApiMetrics.LATENCY_BUCKETS)
                .register(registry);
        return timer.record(call);
    }

    @Override public ObjectNode create(ResourceType type, ObjectNode object) { return timed("create", type, () -> delegate.create(type, object)); }
    @Override public ObjectNode replace(ResourceType type, ObjectNode object) { return timed("replace", type, () -> delegate.replace(type, object)); }
    @Override public ObjectNode update(ObjectKey key, UnaryOperator<ObjectNode> change) { return timed("update", key.type(), () -> delegate.update(key, change)); }
    @Override public ObjectNode delete(ObjectKey key, String rv) { return timed("delete", key.type(), () -> delegate.delete(key, rv)); }
    @Override public Optional<ObjectNode> get(ObjectKey key) { return timed("get", key.type(), () -> delegate.get(key)); }
    @Override public ListResult list(ResourceType type, String ns, Predicate<ObjectNode> filter) { return timed("list", type, () -> delegate.list(type, ns, filter)); }
    @Override public Watch watch(ResourceType type, String ns, long fromRv, Consumer<WatchEvent> consumer) { return delegate.watch(type, ns, fromRv, consumer); }
    @Override public long currentResourceVersion() { return delegate.currentResourceVersion(); }
}
