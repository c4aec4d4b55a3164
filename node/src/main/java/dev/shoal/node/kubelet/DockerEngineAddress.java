package dev.shoal.node.kubelet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Where the Docker engine's API listens, for the one call Shoal makes on a raw connection (see
 * {@link DockerExecStream}): a unix socket ({@code unix:///var/run/docker.sock}) or plain TCP
 * ({@code tcp://127.0.0.1:2375}). TLS engines are reached through docker-java only.
 */
record DockerEngineAddress(SocketAddress address) {

    /** @throws IOException naming the address when it is neither unix:// nor tcp:// */
    static DockerEngineAddress parse(String dockerHost) throws IOException {
        URI uri;
        try {
            uri = URI.create(dockerHost);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a Docker engine address: " + dockerHost, e);
        }
        if ("unix".equals(uri.getScheme()) && uri.getPath() != null && !uri.getPath().isEmpty()) {
            return new DockerEngineAddress(UnixDomainSocketAddress.of(uri.getPath()));
        }
        if ("tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
            return new DockerEngineAddress(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
        }
        throw new IOException("exec streams need the Docker engine on unix:// or tcp:// (host:port), not " + dockerHost);
    }

    /** A new blocking connection. */
    SocketChannel connect() throws IOException {
        if (address instanceof UnixDomainSocketAddress unix) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(unix);
                return ch;
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        return SocketChannel.open(new InetSocketAddress(inet.getHostString(), inet.getPort()));
    }
}
