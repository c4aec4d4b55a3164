package dev.shoal.proxy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One Service port as the proxy serves it: a listener and where its connections go.
 *
 * <p>A backend is in one of three states, read from this rule alone (the table is level-driven):
 * <ul>
 *   <li>in {@code ready}: new connections are balanced over it;
 *   <li>in {@code terminating}: no new connections, but established ones keep flowing (drain);
 *       this is where an EndpointSlice endpoint with {@code terminating=true} belongs;
 *   <li>in neither: gone; the proxy closes the connections it still has to it.
 * </ul>
 * The integrator therefore lists an endpoint as terminating from the moment its pod starts
 * shutting down until the pod is gone, and only then drops it.
 *
 * @param ready       backends that take new connections, in a stable order (round robin follows it)
 * @param terminating backends that take no new connections but keep their established ones
 */
public record ProxyRule(ListenAddress listen, ServicePortName service, SessionAffinity affinity,
                        List<Backend> ready, List<Backend> terminating) {
    public ProxyRule {
        if (listen == null) throw new IllegalArgumentException("listen: must not be null");
        if (service == null) throw new IllegalArgumentException("service: must not be null");
        if (affinity == null) throw new IllegalArgumentException("affinity: must not be null");
        ready = List.copyOf(requireNonNull("ready", ready));
        terminating = List.copyOf(requireNonNull("terminating", terminating));
        Set<Backend> seen = new HashSet<>();
        for (int i = 0; i < ready.size(); i++) {
            if (!seen.add(ready.get(i))) throw new IllegalArgumentException("ready[" + i + "]: duplicate backend " + ready.get(i));
        }
        for (int i = 0; i < terminating.size(); i++) {
            if (!seen.add(terminating.get(i))) {
                throw new IllegalArgumentException("terminating[" + i + "]: " + terminating.get(i) + " is listed twice or also as ready");
            }
        }
    }

    /** A rule with only ready backends and no affinity: the common case. */
    public static ProxyRule of(ListenAddress listen, ServicePortName service, List<Backend> ready) {
        return new ProxyRule(listen, service, SessionAffinity.NONE, ready, List.of());
    }

    public ProxyRule withAffinity(SessionAffinity affinity) {
        return new ProxyRule(listen, service, affinity, ready, terminating);
    }

    public ProxyRule withBackends(List<Backend> ready, List<Backend> terminating) {
        return new ProxyRule(listen, service, affinity, ready, terminating);
    }

    private static <T> T requireNonNull(String field, T value) {
        if (value == null) throw new IllegalArgumentException(field + ": must not be null");
        return value;
    }
}
