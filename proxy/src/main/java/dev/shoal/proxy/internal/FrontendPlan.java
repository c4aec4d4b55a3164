package dev.shoal.proxy.internal;

import dev.shoal.proxy.ListenAddress;

import java.util.LinkedHashSet;
import java.util.Set;

/** Which listeners an apply opens, closes and keeps (keeping means swapping in the new rule). */
record FrontendPlan(Set<ListenAddress> open, Set<ListenAddress> close, Set<ListenAddress> keep) {

    static FrontendPlan between(Set<ListenAddress> current, Set<ListenAddress> desired) {
        Set<ListenAddress> open = new LinkedHashSet<>(desired);
        open.removeAll(current);
        Set<ListenAddress> close = new LinkedHashSet<>(current);
        close.removeAll(desired);
        Set<ListenAddress> keep = new LinkedHashSet<>(desired);
        keep.retainAll(current);
        return new FrontendPlan(Set.copyOf(open), Set.copyOf(close), Set.copyOf(keep));
    }
}
