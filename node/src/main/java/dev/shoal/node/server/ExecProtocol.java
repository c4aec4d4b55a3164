package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' remote command protocol over WebSocket, as far as exec needs it. Pure.
 *
 * <p>Each binary message starts with a channel byte: 0 stdin (client to server), 1 stdout,
 * 2 stderr, 3 error (the server's final {@code Status}, once, as JSON), 4 resize (ignored: no
 * terminals). Version 5 adds one message, {@code [255, channel]}: the sender closes that channel;
 * a client sends {@code [255, 0]} when its stdin ends. Version 4 has no way to end stdin; its
 * {@code Status} is the same. Older versions (plain-text errors, no exit codes) are not spoken.
 */
final class ExecProtocol {
    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    /** In Shoal's order of preference; the client's order decides among those it offers. */
    static final List<String> SUPPORTED = List.of(V5, V4);

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    /** v5: {@code [CLOSE, channel]} closes that channel. */
    static final int CLOSE = 255;

    private ExecProtocol() {}

    /** What one message from the client asks for. */
    sealed interface FromClient permits Stdin, EndOfStdin, Ignored {}

    /** Bytes for the command's stdin. */
    record Stdin(byte[] data) implements FromClient {}

    /** The client's stdin ended (v5). */
    record EndOfStdin() implements FromClient {}

    /** Resize, or a channel a client should not write to: nothing to do. */
    record Ignored(int channel) implements FromClient {}

    /** One binary message from the client, under the negotiated subprotocol. */
    static FromClient parse(byte[] message, String subprotocol) {
        if (message.length == 0) return new Ignored(-1);
        int channel = message[0] & 0xff;
        if (channel == STDIN) return new Stdin(java.util.Arrays.copyOfRange(message, 1, message.length));
        if (channel == CLOSE && subprotocol.equals(V5) && message.length == 2 && message[1] == STDIN) return new EndOfStdin();
        return new Ignored(channel);
    }

    /**
     * The subprotocols Shoal speaks among those a {@code Sec-WebSocket-Protocol} header offers,
     * in the client's order (the first is the one to use); empty if none.
     */
    static List<String> offered(List<String> headerValues) {
        List<String> out = new ArrayList<>();
        for (String value : headerValues) {
            for (String p : value.split(",")) {
                String name = p.strip();
                if (SUPPORTED.contains(name) && !out.contains(name)) out.add(name);
            }
        }
        return out;
    }

    /** One message: the channel byte, then {@code data}. */
    static byte[] message(int channel, byte[] data) {
        byte[] m = new byte[data.length + 1];
        m[0] = (byte) channel;
        System.arraycopy(data, 0, m, 1, data.length);
        return m;
    }

    /**
     * The final {@code Status} for a command that exited: Success for 0; otherwise a Failure whose
     * cause carries the code, which kubectl turns into its own exit code.
     */
    static ObjectNode exited(int exitCode) {
        ObjectNode s = Json.object();
        s.putObject("metadata");
        if (exitCode == 0) {
            s.put("status", "Success");
            return s;
        }
        s.put("status", "Failure");
        s.put("message", "command terminated with non-zero exit code: " + exitCode);
        s.put("reason", "NonZeroExitCode");
        s.putObject("details").putArray("causes").addObject().put("reason", "ExitCode").put("message", Integer.toString(exitCode));
        return s;
    }

    /** The final {@code Status} for a command that could not run (no such program, the container stopped). */
    static ObjectNode failed(String message) {
        ObjectNode s = Json.object();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", "InternalError");
        s.put("code", 500);
        return s;
    }
}
