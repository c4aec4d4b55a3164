package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;

import java.util.Collection;
import java.util.List;

/**
 * Chooses the backend for one connection attempt. Pure functions: the caller brings the
 * round-robin ticket, the client's sticky backend (if affinity is on) and the backends this
 * client connection already tried.
 */
final class Picker {
    private Picker() {
    }

    /**
     * The client's affinity backend if the client may still use it: it is ready and this client
     * connection has not tried it yet. Null otherwise (including when {@code sticky} is null).
     */
    static Backend sticky(ReadySet ready, Collection<Backend> tried, Backend sticky) {
        return sticky != null && ready.members().contains(sticky) && !tried.contains(sticky) ? sticky : null;
    }

    /**
     * Where a retry starts its round robin: just after the backend this client connection tried
     * last, so the failed backend's successor is asked next and the shared counter is not moved
     * again. -1 if nothing was tried yet, or the last one tried is no longer ready.
     */
    static long retryTicket(ReadySet ready, List<Backend> tried) {
        if (tried.isEmpty()) return -1;
        int last = ready.ordered().indexOf(tried.get(tried.size() - 1));
        return last < 0 ? -1 : last + 1;
    }

    /**
     * The first untried backend in round-robin order, starting at {@code ticket mod n}; null if
     * every ready backend was tried. Skipping a tried backend takes the next one in order, so with
     * backends [a, b, c], ticket 0 and a tried, the answer is b.
     */
    static Backend roundRobin(ReadySet ready, Collection<Backend> tried, long ticket) {
        int n = ready.size();
        if (n == 0) return null;
        int start = (int) Math.floorMod(ticket, (long) n);
        for (int i = 0; i < n; i++) {
            Backend candidate = ready.ordered().get((start + i) % n);
            if (!tried.contains(candidate)) return candidate;
        }
        return null;
    }
}
