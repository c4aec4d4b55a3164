package dev.shoal.node.kubelet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerEngineAddressTest {
    @Test
    void unixSocketsAndPlainTcp() throws IOException {
        assertEquals(UnixDomainSocketAddress.of("/var/run/docker.sock"),
                DockerEngineAddress.parse("unix:///var/run/docker.sock").address());
        InetSocketAddress tcp = (InetSocketAddress) DockerEngineAddress.parse("tcp://127.0.0.1:2375").address();
        assertEquals("127.0.0.1", tcp.getHostString());
        assertEquals(2375, tcp.getPort());
    }

    @Test
    void anythingElseIsRefusedByName() {
        for (String bad : new String[] {"npipe:////./pipe/docker_engine", "tcp://docker", "ssh://me@host", "unix://"}) {
            IOException e = assertThrows(IOException.class, () -> DockerEngineAddress.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
