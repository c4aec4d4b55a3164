package dev.shoal.proxy.internal;

/**
 * The two directions of one proxied connection. A direction ends when its reader saw EOF and the
 * proxy has passed it on (shut down the other socket's output); when both have ended, the proxy
 * closes both sockets. Confined to the connection's event loop.
 */
final class HalfClose {
    private int ended;

    /** @return true when this was the second direction to end: time to close both sockets */
    boolean directionEnded() {
        return ++ended == 2;
    }
}
