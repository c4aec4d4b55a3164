package dev.shoal.node.services.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A DNS client for tests, written from RFC 1035 rather than with Netty's codec, so the responder
 * is checked against the wire format and not against the library it is built on.
 */
final class DnsQuery {
    static final int A = 1;
    static final int CNAME = 5;
    static final int AAAA = 28;

    record Answer(String name, int type, long ttl, String data) {}

    record Reply(int id, int rcode, boolean authoritative, boolean truncated, List<Answer> answers) {
        List<String> addresses() {
            return answers.stream().filter(a -> a.type() == A).map(Answer::data).toList();
        }
    }

    private DnsQuery() {}

    static Reply ask(InetSocketAddress server, String name, int type) throws IOException {
        int id = 0x4242;
        ByteArrayOutputStream q = new ByteArrayOutputStream();
        q.writeBytes(new byte[]{0x42, 0x42, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});  // id, RD, one question
        writeName(q, name);
        q.writeBytes(new byte[]{0, (byte) type, 0, 1});
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(5000);
            byte[] out = q.toByteArray();
            socket.send(new DatagramPacket(out, out.length, server));
            byte[] in = new byte[4096];
            DatagramPacket p = new DatagramPacket(in, in.length);
            socket.receive(p);
            return parse(ByteBuffer.wrap(in, 0, p.getLength()), id);
        }
    }

    private static Reply parse(ByteBuffer b, int expectedId) {
        int id = b.getShort() & 0xFFFF;
        if (id != expectedId) throw new AssertionError("answer for id " + id + ", asked " + expectedId);
        int flags = b.getShort() & 0xFFFF;
        int qd = b.getShort(), an = b.getShort();
        b.getShort();
        b.getShort();
        for (int i = 0; i < qd; i++) {
            readName(b);
            b.getInt();
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < an; i++) {
            String name = readName(b);
            int type = b.getShort() & 0xFFFF;
            b.getShort();
            long ttl = b.getInt() & 0xFFFFFFFFL;
            int length = b.getShort() & 0xFFFF;
            int end = b.position() + length;
            String data = type == A ? (b.get() & 255) + "." + (b.get() & 255) + "." + (b.get() & 255) + "." + (b.get() & 255)
                    : type == CNAME ? readName(b) : "";
            b.position(end);
            answers.add(new Answer(name, type, ttl, data));
        }
        return new Reply(id, flags & 0xF, (flags & 0x0400) != 0, (flags & 0x0200) != 0, answers);
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
    }

    private static String readName(ByteBuffer b) {
        StringBuilder name = new StringBuilder();
        int resume = -1;
        while (true) {
            int len = b.get() & 255;
            if (len == 0) break;
            if ((len & 0xC0) == 0xC0) {  // a compression pointer
                int offset = ((len & 0x3F) << 8) | (b.get() & 255);
                if (resume < 0) resume = b.position();
                b.position(offset);
                continue;
            }
            byte[] label = new byte[len];
            b.get(label);
            if (name.length() > 0) name.append('.');
            name.append(new String(label, StandardCharsets.US_ASCII));
        }
        if (resume >= 0) b.position(resume);
        return name.toString();
    }
}
