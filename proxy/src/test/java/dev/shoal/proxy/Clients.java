package dev.shoal.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Plain blocking TCP clients with bounded waits. */
final class Clients {
    // every read in these tests finishes in milliseconds; this only bounds a broken run
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private Clients() {
    }

    static Socket connect(ListenAddress to) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        s.connect(to.socketAddress(), READ_TIMEOUT_MILLIS);
        return s;
    }

    /** Connects from {@code fromIp} (any 127.x address works on Linux), to look like another client. */
    static Socket connectFrom(String fromIp, ListenAddress to) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        s.bind(new InetSocketAddress(fromIp, 0));
        s.connect(to.socketAddress(), READ_TIMEOUT_MILLIS);
        return s;
    }

    /** Connects and returns the first line the backend says (its name, for NAME_THEN_ECHO). */
    static String firstLine(ListenAddress to) throws IOException {
        try (Socket s = connect(to)) {
            return Behaviours.readLine(s.getInputStream());
        }
    }
}
