package dev.shoal.proxy.internal;

/**
 * The two directions of one proxied connection. A direction ends when its reader saw EOF and the
 * proxy has flushed everything read before it; the first to end is passed on as a shutdown of the
 * other socket's output, the second closes both sockets. Confined to the connection's event loop.
 */
final class HalfClose {
    private int ended;

    /** @return true when this is the second direction to end: time to close both sockets */
    boolean directionEnded() {
        return ++ended == 2;
    }
}
