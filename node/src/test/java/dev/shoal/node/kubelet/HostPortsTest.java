package dev.shoal.node.kubelet;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static HostPorts.Request any(String name, int containerPort) {
        return new HostPorts.Request("app", name, containerPort, 0, "TCP");
    }

    @Test
    void allocatesFromTheRangeAndKeepsAPodsPortsAcrossCalls() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(LOOPBACK, 0));
            int first = busy.getLocalPort();
            HostPorts ports = new HostPorts(LOOPBACK, new HostPorts.Range(first, first + 20));

            List<HostPorts.Assigned> a = ports.allocate("pod-a", List.of(any("web", 8080), any("metrics", 9090)));

            List<Integer> got = a.stream().map(HostPorts.Assigned::hostPort).toList();
            // the ports next to ours are ephemeral: another process's client socket may hold one, so only
            // the rule is asserted: ours (in use) skipped, two distinct ports from the range, lowest first
            assertTrue(!got.contains(first) && got.get(0) > first && got.get(0) < got.get(1) && got.get(1) <= first + 20,
                    "a port in use by anyone (here: a socket) is skipped: " + got);
            assertEquals(a, ports.allocate("pod-a", List.of(any("web", 8080), any("metrics", 9090))), "a restart keeps its ports");
            int b = ports.allocate("pod-b", List.of(any("web", 8080))).get(0).hostPort();
            assertTrue(b > first + 2);
        }
    }

    @Test
    void anExplicitPortMustBeFree() throws Exception {
        HostPorts ports = new HostPorts(LOOPBACK, HostPorts.Range.DEFAULT);
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(LOOPBACK, 0));
            var explicit = new HostPorts.Request("app", "web", 80, busy.getLocalPort(), "TCP");
            assertThrows(HostPorts.Unavailable.class, () -> ports.allocate("pod-a", List.of(explicit)));
        }
    }

    @Test
    void anExplicitPortHeldByAnotherPodIsRefusedUntilReleased() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            free = s.getLocalPort();
        }
        HostPorts ports = new HostPorts(LOOPBACK, HostPorts.Range.DEFAULT);
        var explicit = new HostPorts.Request("app", "web", 80, free, "TCP");
        assertEquals(free, ports.allocate("pod-a", List.of(explicit)).get(0).hostPort());
        assertThrows(HostPorts.Unavailable.class, () -> ports.allocate("pod-b", List.of(explicit)));

        ports.release("pod-a");

        assertEquals(free, ports.allocate("pod-b", List.of(explicit)).get(0).hostPort());
    }

    @Test
    void aFreedPortIsTheLastToBeHandedOutAgain() throws Exception {
        HostPorts ports = new HostPorts(LOOPBACK, HostPorts.Range.DEFAULT);
        int a = ports.allocate("pod-a", List.of(any("web", 80))).get(0).hostPort();
        ports.release("pod-a");
        assertNotEquals(a, ports.allocate("pod-b", List.of(any("web", 80))).get(0).hostPort());
    }
}
