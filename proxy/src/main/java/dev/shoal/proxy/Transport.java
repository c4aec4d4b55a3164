package dev.shoal.proxy;

import io.netty.channel.epoll.Epoll;

/** Which Netty transport carries the proxy's sockets. */
public enum Transport {
    /** Linux native epoll: edge-triggered, fewer copies and syscalls than NIO. */
    EPOLL,
    /** The JDK's NIO selector: works everywhere, the fallback. */
    NIO;

    /** Epoll where its native library loads, NIO otherwise. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }
}
