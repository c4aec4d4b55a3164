package dev.shoal.membership.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Poll-until with a deadline: tests wait for conditions, never for a fixed time. */
final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {}

    static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
