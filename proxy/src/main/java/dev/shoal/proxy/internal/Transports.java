package dev.shoal.proxy.internal;

import dev.shoal.proxy.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The Netty classes behind each {@link Transport}. Sockets are opened in the family of their
 * address: Netty's epoll default is a dual-stack IPv6 socket even for IPv4 peers, which costs an
 * extra setsockopt per connection and runs IPv4 traffic through the v4-mapped paths.
 */
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

    static ChannelFactory<ServerChannel> serverChannel(Transport transport, InetAddress listen) {
        SocketProtocolFamily family = family(listen);
        return transport == Transport.EPOLL
                ? () -> new EpollServerSocketChannel(family)
                : () -> new NioServerSocketChannel(java.nio.channels.spi.SelectorProvider.provider(), family);
    }

    static ChannelFactory<Channel> channel(Transport transport, SocketProtocolFamily family) {
        return transport == Transport.EPOLL
                ? () -> new EpollSocketChannel(family)
                : () -> new NioSocketChannel(java.nio.channels.spi.SelectorProvider.provider(), family);
    }

    static SocketProtocolFamily family(InetAddress address) {
        return address instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }
}
