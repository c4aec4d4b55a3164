package dev.shoal.proxy.internal;

import dev.shoal.proxy.Backend;
import io.netty.channel.Channel;

/** One client connection and the backend connection it is relayed to. */
record ProxiedConnection(Channel client, Channel upstream, Backend backend) {
    void close() {
        client.close();
        upstream.close();
    }
}
