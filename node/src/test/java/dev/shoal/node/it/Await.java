package dev.shoal.node.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline: the only way tests here synchronise with the cluster. */
public final class Await {
    private Await() {}

    /** Polls {@code condition} until it yields non-null, or fails naming {@code what} after {@code timeout}. */
    public static <T> T until(Duration timeout, String what, Supplier<T> condition) {
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
            // Poll interval, not synchronisation: the deadline above bounds the wait.
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /**
     * Checks {@code check} repeatedly for the whole of {@code window} and fails at the first
     * violation: for "this never happens" properties, which a single look cannot show.
     */
    public static void holds(Duration window, String what, Runnable check) {
        long end = System.nanoTime() + window.toNanos();
        int looks = 0;
        do {
            try {
                check.run();
            } catch (RuntimeException | AssertionError e) {
                AssertionError err = new AssertionError(what + " was violated after " + looks + " good looks: " + e.getMessage());
                err.initCause(e);
                throw err;
            }
            looks++;
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (System.nanoTime() < end);
    }
}
