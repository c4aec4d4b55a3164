package dev.shoal.node.server;

import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ExecProtocolTest {
    @Test
    void theClientsOrderOfPreferenceAmongWhatShoalSpeaks() {
        // what kubectl 1.32 offers
        assertEquals(List.of(ExecProtocol.V5, ExecProtocol.V4), ExecProtocol.offered(
                List.of("v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io")));
        assertEquals(List.of(ExecProtocol.V4, ExecProtocol.V5), ExecProtocol.offered(List.of("v4.channel.k8s.io", "v5.channel.k8s.io")));
        assertEquals(List.of(), ExecProtocol.offered(List.of("channel.k8s.io, base64.channel.k8s.io")));
        assertEquals(List.of(), ExecProtocol.offered(List.of()));
    }

    @Test
    void clientMessages() {
        byte[] hello = {0, 'h', 'i'};
        assertArrayEquals(new byte[] {'h', 'i'}, assertInstanceOf(ExecProtocol.Stdin.class, ExecProtocol.parse(hello, ExecProtocol.V5)).data());
        assertInstanceOf(ExecProtocol.EndOfStdin.class, ExecProtocol.parse(new byte[] {(byte) 255, 0}, ExecProtocol.V5));
        assertEquals(new ExecProtocol.Ignored(255), ExecProtocol.parse(new byte[] {(byte) 255, 0}, ExecProtocol.V4), "v4 has no close message");
        assertEquals(new ExecProtocol.Ignored(255), ExecProtocol.parse(new byte[] {(byte) 255, 1}, ExecProtocol.V5), "only stdin is the client's to close");
        assertEquals(new ExecProtocol.Ignored(4), ExecProtocol.parse("\4{\"Width\":80,\"Height\":24}".getBytes(), ExecProtocol.V5));
        assertEquals(new ExecProtocol.Ignored(-1), ExecProtocol.parse(new byte[0], ExecProtocol.V5));
        assertArrayEquals(new byte[] {1, 'o', 'k'}, ExecProtocol.message(ExecProtocol.STDOUT, new byte[] {'o', 'k'}));
    }

    @Test
    void exitStatusesAsKubectlReadsThem() throws Exception {
        assertEquals(Json.JSON.readTree("{\"metadata\":{},\"status\":\"Success\"}"), ExecProtocol.exited(0));
        assertEquals(Json.JSON.readTree("""
                {"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: 3",
                 "reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}"""), ExecProtocol.exited(3));
        assertEquals("InternalError", ExecProtocol.failed("no such program").path("reason").asText());
    }
}
