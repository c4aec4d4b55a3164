package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;

import java.util.List;
import java.util.Set;

/** The ready backends of one rule: in order for round robin, and as a set for membership. */
record ReadySet(List<Backend> ordered, Set<Backend> members) {
    static final ReadySet EMPTY = of(List.of());

    static ReadySet of(List<Backend> ordered) {
        return new ReadySet(List.copyOf(ordered), Set.copyOf(ordered));
    }

    int size() {
        return ordered.size();
    }
}
