package dev.shoal.membership.internal;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;

import java.util.function.Supplier;

/**
 * Re-sends an idempotent operation whose replicas did not confirm it in time. Writes are
 * acknowledged only once every backup confirmed them (see HazelcastConfigFactory), and while
 * members join and partitions migrate a backup confirmation can miss its 5 s deadline; an
 * operation that gives the same result when applied twice (raise-to, put-unless-newer, put of
 * the same value) is simply sent again.
 */
final class Unconfirmed {
    private Unconfirmed() {}

    static <T> T retry(Supplier<T> idempotent) {
        for (int attempt = 1; ; attempt++) {
            try {
                return idempotent.get();
            } catch (IndeterminateOperationStateException | OperationTimeoutException e) {
                if (attempt >= HazelcastStateStore.MAX_UNCONFIRMED_ATTEMPTS) throw e;
            }
        }
    }
}
