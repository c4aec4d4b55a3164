package dev.shoal.proxy.internal;

import dev.shoal.proxy.Transport;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The Netty classes behind each {@link Transport}. */
final class Transports {
    private Transports() {
    }

    static IoHandlerFactory ioHandler(Transport transport) {
        if (transport == Transport.EPOLL) {
            if (!Epoll.isAvailable()) throw new IllegalStateException("epoll is not available", Epoll.unavailabilityCause());
            return EpollIoHandler.newFactory();
        }
        return NioIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel(Transport transport) {
        return transport == Transport.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static Class<? extends Channel> channel(Transport transport) {
        return transport == Transport.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
