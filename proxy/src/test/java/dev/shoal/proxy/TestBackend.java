package dev.shoal.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP server on loopback (127.0.0.1 unless told) with a thread per connection, standing in for a pod.
 * What it does with a connection is a {@link Behaviour}.
 */
final class TestBackend implements AutoCloseable {

    /** What a backend does with one accepted connection; runs on its own thread. */
    interface Behaviour {
        void serve(TestBackend backend, Socket socket) throws IOException;
    }

    final String name;
    final AtomicInteger accepted = new AtomicInteger();
    final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ServerSocket server;
    private final Behaviour behaviour;
    private final Thread acceptor;

    TestBackend(String name, Behaviour behaviour) throws IOException {
        this(name, InetAddress.getLoopbackAddress(), behaviour);
    }

    TestBackend(String name, InetAddress bindTo, Behaviour behaviour) throws IOException {
        this.name = name;
        this.behaviour = behaviour;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(bindTo, 0), 128);
        this.acceptor = new Thread(this::acceptLoop, "backend-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Backend backend() {
        return new Backend(server.getInetAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.add(s);
            Thread t = new Thread(() -> {
                try (s) {
                    behaviour.serve(this, s);
                } catch (IOException ignored) {
                    // the proxy or the test closed the connection: routine
                } finally {
                    open.remove(s);
                }
            }, "backend-" + name + "-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) s.close();
    }

    /** A backend address where nothing listens: connecting to it is refused. */
    static Backend refusing() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Backend(s.getInetAddress(), s.getLocalPort());
        }
    }
}
