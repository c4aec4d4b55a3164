package dev.shoal.proxy;

import java.util.Map;
import java.util.Set;

/**
 * What one {@link ServiceProxy#apply} changed.
 *
 * @param opened            listeners bound by this call
 * @param closed            listeners closed by this call
 * @param failed            listeners that could not be bound, with the cause (e.g. the address
 *                          is in use, or the IP is not on a local interface); the next apply
 *                          tries them again
 * @param connectionsClosed established connections closed because their backend left the table
 */
public record ApplyResult(Set<ListenAddress> opened, Set<ListenAddress> closed,
                          Map<ListenAddress, Throwable> failed, int connectionsClosed) {
    public ApplyResult {
        opened = Set.copyOf(opened);
        closed = Set.copyOf(closed);
        failed = Map.copyOf(failed);
    }

    public boolean ok() {
        return failed.isEmpty();
    }
}
