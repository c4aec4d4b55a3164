package dev.shoal.node.kubelet;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition with a deadline: how tests here synchronise with processes and the store. */
final class Await {
    private Await() {}

    /** Polls until {@code condition} yields non-null and not false; fails naming {@code what} after {@code timeout}. */
    static <T> T until(Duration timeout, String what, Supplier<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                T v = condition.get();
                if (v != null && !Boolean.FALSE.equals(v)) return v;
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError err = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
                if (last != null) err.initCause(last);
                throw err;
            }
            // poll interval, not synchronisation: the deadline above bounds the wait
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
