package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;
import dev.shoal.proxy.ProxyRule;

import java.util.HashSet;
import java.util.Set;

/**
 * A listener's rule as the event loops use it: ready backends indexed, the backends its
 * connections may stay on (ready or terminating), and the Service's meters. Immutable; a new
 * table swaps the whole Route in one volatile write.
 */
record Route(ProxyRule rule, ReadySet ready, Set<Backend> allowed, ServiceMetrics metrics) {

    static Route of(ProxyRule rule, ServiceMetrics metrics) {
        Set<Backend> allowed = new HashSet<>(rule.ready());
        allowed.addAll(rule.terminating());
        return new Route(rule, ReadySet.of(rule.ready()), Set.copyOf(allowed), metrics);
    }

    /** May a connection to {@code backend} stay open? Ready and terminating backends: yes. */
    boolean allows(Backend backend) {
        return allowed.contains(backend);
    }
}
