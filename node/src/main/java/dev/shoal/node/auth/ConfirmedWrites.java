package dev.shoal.node.auth;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.map.IMap;

/**
 * put and putIfAbsent on a replicated map, sent again when the replicas did not confirm them in
 * time (writes are acknowledged only once every backup confirmed them, and while members join
 * a confirmation can miss its deadline). A claim that may have landed is recognised on the retry
 * by its value: finding our own value means we won.
 */
final class ConfirmedWrites {
    /** Attempts in all before the failure is passed on; each waits up to Hazelcast's 5 s backup timeout. */
    static final int ATTEMPTS = 3;

    private ConfirmedWrites() {}

    /** @return the value that was there before ours, or null if ours is now stored */
    static String putIfAbsent(IMap<String, String> map, String key, String value) {
        for (int attempt = 1; ; attempt++) {
            try {
                String prior = map.putIfAbsent(key, value);
                return attempt > 1 && value.equals(prior) ? null : prior;
            } catch (IndeterminateOperationStateException | OperationTimeoutException e) {
                if (attempt >= ATTEMPTS) throw e;
            }
        }
    }

    static void put(IMap<String, String> map, String key, String value) {
        for (int attempt = 1; ; attempt++) {
            try {
                map.set(key, value);
                return;
            } catch (IndeterminateOperationStateException | OperationTimeoutException e) {
                if (attempt >= ATTEMPTS) throw e;
            }
        }
    }
}
