package dev.shoal.node.services;

import dev.shoal.proxy.Backend;
import dev.shoal.proxy.ListenAddress;
import dev.shoal.proxy.ProxyRule;
import dev.shoal.proxy.ProxyTable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a backend whose pod object is gone in its rule's {@code terminating} list for a while.
 * A deleted pod leaves the store at once, but its process keeps serving until its kubelet has
 * drained and stopped it (up to its grace period); dropping the backend would make the proxy cut
 * the requests still in flight to it. Lingering backends take no new connections; their
 * established ones run to their end or to {@link #WINDOW}. Not thread-safe: one controller thread.
 */
final class Lingering {
    /** Kubernetes' default grace period: by then the kubelet has stopped the pod's process. */
    static final Duration WINDOW = Duration.ofSeconds(30);

    private final Map<ListenAddress, Map<Backend, Instant>> gone = new HashMap<>();
    private ProxyTable previous = ProxyTable.EMPTY;

    /** {@code fresh} with the backends that left since earlier tables added back as terminating, until their window ends. */
    ProxyTable apply(ProxyTable fresh, Instant now) {
        Map<ListenAddress, ProxyRule> before = previous.byListener();
        List<ProxyRule> rules = new ArrayList<>();
        for (ProxyRule rule : fresh.rules()) {
            Map<Backend, Instant> lingering = gone.computeIfAbsent(rule.listen(), k -> new LinkedHashMap<>());
            ProxyRule old = before.get(rule.listen());
            if (old != null) {
                for (Backend b : concat(old.ready(), old.terminating())) {
                    if (!rule.ready().contains(b) && !rule.terminating().contains(b)) lingering.putIfAbsent(b, now.plus(WINDOW));
                }
            }
            lingering.entrySet().removeIf(e -> !now.isBefore(e.getValue()) || rule.ready().contains(e.getKey())
                    || rule.terminating().contains(e.getKey()));
            List<Backend> terminating = new ArrayList<>(rule.terminating());
            terminating.addAll(lingering.keySet());
            rules.add(new ProxyRule(rule.listen(), rule.service(), rule.affinity(), rule.ready(), terminating));
        }
        gone.keySet().retainAll(fresh.byListener().keySet());  // a Service that went away takes its listener and all with it
        previous = new ProxyTable(rules);
        return previous;
    }

    private static List<Backend> concat(List<Backend> a, List<Backend> b) {
        List<Backend> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
