package dev.shoal.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The proxy over real loopback TCP: plain sockets as clients, {@link TestBackend}s as pods. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceProxyTest {
    private static final AtomicInteger NEXT_VIP = new AtomicInteger();
    private static final ServicePortName WEB = new ServicePortName("default", "web", "http");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ServiceProxy proxy;

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) c.close();
    }

    // ---- balancing

    @ParameterizedTest
    @EnumSource(Transport.class)
    void roundRobinReachesEveryBackend(Transport transport) throws IOException {
        startProxy(transport);
        ListenAddress vip = vip();
        TestBackend a = backend("a"), b = backend("b"), c = backend("c");
        applyOk(ProxyTable.of(ProxyRule.of(vip, WEB, List.of(a.backend(), b.backend(), c.backend()))));

        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 9; i++) hits.merge(Clients.firstLine(vip), 1, Integer::sum);

        assertEquals(Map.of("a", 3, "b", 3, "c", 3), hits);
    }

    @Test
    void clientIpAffinitySticksAndMovesWhenItsBackendLeaves() throws IOException {
        startProxy(Transport.best());
        ListenAddress vip = vip();
        TestBackend a = backend("a"), b = backend("b"), c = backend("c");
        ProxyRule rule = ProxyRule.of(vip, WEB, List.of(a.backend(), b.backend(), c.backend()))
                .withAffinity(SessionAffinity.clientIp());
        applyOk(ProxyTable.of(rule));

        Set<String> fromOne = namesFrom("127.0.0.1", vip, 10);
        assertEquals(1, fromOne.size(), "one client IP, one backend: " + fromOne);
        Set<String> otherClients = new HashSet<>();
        for (String ip : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) otherClients.addAll(namesFrom(ip, vip, 3));
        assertEquals(Set.of("a", "b", "c"), otherClients, "other client IPs are balanced, each sticking to its own");

        // the sticky backend starts terminating: the client moves once and sticks to its new backend
        String sticky = fromOne.iterator().next();
        TestBackend leaving = List.of(a, b, c).stream().filter(t -> t.name.equals(sticky)).findFirst().orElseThrow();
        List<Backend> staying = new ArrayList<>(rule.ready());
        staying.remove(leaving.backend());
        applyOk(ProxyTable.of(rule.withBackends(staying, List.of(leaving.backend()))));
        Set<String> afterMove = namesFrom("127.0.0.1", vip, 10);
        assertEquals(1, afterMove.size(), "sticks again: " + afterMove);
        assertNotEquals(sticky, afterMove.iterator().next());
    }

    // ---- refused backends and retries

    @Test
    void refusedBackendsAreSkippedWithoutClientVisibleFailures() throws IOException {
        startProxy(Transport.best());
        ListenAddress vip = vip();
        TestBackend live = backend("live");
        applyOk(ProxyTable.of(ProxyRule.of(vip, WEB, List.of(TestBackend.refusing(), live.backend(), TestBackend.refusing()))));

        for (int i = 0; i < 30; i++) assertEquals("live", Clients.firstLine(vip), "connection " + i);

        assertEquals(30, live.accepted.get());
        double failures = counter("shoal.proxy.connect.failures");
        assertTrue(failures >= 20, "each round-robin start on a dead backend costs a failure: " + failures);
        assertEquals(failures, counter("shoal.proxy.connect.retries"), "every failure was retried");
        assertEquals(0, counter("shoal.proxy.connections.rejected"));
    }

    @Test
    void clientIsResetWhenNoBackendAnswers() throws IOException {
        startProxy(Transport.best());
        ListenAddress vip = vip(), empty = vip();
        applyOk(ProxyTable.of(
                ProxyRule.of(vip, WEB, List.of(TestBackend.refusing(), TestBackend.refusing())),
                ProxyRule.of(empty, new ServicePortName("default", "nothing", "http"), List.of())));

        assertEndsWithoutAnswer(vip);
        assertEndsWithoutAnswer(empty);
        Eventually.await("rejection counted", () -> counter("shoal.proxy.connections.rejected") == 1);
        assertEquals(2, counter("shoal.proxy.connect.failures"), "each backend tried once");
    }

    // ---- drain and gone

    @Test
    void terminatingBackendGetsNoNewConnectionsButKeepsItsEstablishedOne() throws IOException {
        startProxy(Transport.best());
        ListenAddress vip = vip();
        TestBackend a = backend("a"), b = backend("b");
        ProxyRule rule = ProxyRule.of(vip, WEB, List.of(a.backend(), b.backend()));
        applyOk(ProxyTable.of(rule));
        try (Socket established = Clients.connect(vip)) {
            assertEquals("a", Behaviours.readLine(established.getInputStream()));

            ApplyResult result = proxy.apply(ProxyTable.of(rule.withBackends(List.of(b.backend()), List.of(a.backend()))));
            assertEquals(0, result.connectionsClosed());

            for (int i = 0; i < 5; i++) assertEquals("b", Clients.firstLine(vip));
            assertEquals(1, a.accepted.get(), "no new connection reached the terminating backend");
            assertEquals("still here", echo(established, "still here"));
        }
    }

    @Test
    void connectionsToAGoneBackendAreClosed() throws IOException {
        startProxy(Transport.best());
        ListenAddress vip = vip();
        TestBackend a = backend("a"), b = backend("b");
        ProxyRule rule = ProxyRule.of(vip, WEB, List.of(a.backend(), b.backend()));
        applyOk(ProxyTable.of(rule));
        try (Socket first = Clients.connect(vip); Socket second = Clients.connect(vip)) {
            // two event loops may take the two connections in either order
            boolean firstOnA = Behaviours.readLine(first.getInputStream()).equals("a");
            assertEquals(firstOnA ? "b" : "a", Behaviours.readLine(second.getInputStream()));
            Socket toA = firstOnA ? first : second, toB = firstOnA ? second : first;
            applyOk(ProxyTable.of(rule.withBackends(List.of(b.backend()), List.of(a.backend()))));

            ApplyResult gone = proxy.apply(ProxyTable.of(rule.withBackends(List.of(b.backend()), List.of())));

            assertEquals(1, gone.connectionsClosed());
            assertEquals(-1, readOrReset(toA.getInputStream()), "the client sees its connection end");
            Eventually.await("backend side closed too", () -> a.open.isEmpty());
            assertEquals("b lives", echo(toB, "b lives"));
        }
    }

    // ---- half-close

    @ParameterizedTest
    @EnumSource(Transport.class)
    void clientShutsOutputAndStillReceivesTheWholeResponse(Transport transport) throws IOException {
        startProxy(transport);
        ListenAddress vip = vip();
        TestBackend backend = new TestBackend("answer", Behaviours.ANSWER_AFTER_EOF);
        toClose.add(backend);
        applyOk(ProxyTable.of(ProxyRule.of(vip, WEB, List.of(backend.backend()))));
        byte[] request = new byte[300_000];
        new Random(1).nextBytes(request);

        try (Socket s = Clients.connect(vip)) {
            s.getOutputStream().write(request);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            assertEquals("received " + request.length, Behaviours.readLine(in));
            byte[] reversed = in.readAllBytes();
            byte[] expected = new byte[request.length];
            for (int i = 0; i < request.length; i++) expected[i] = request[request.length - 1 - i];
            assertArrayEquals(expected, reversed);
        }
        Eventually.await("proxy dropped the connection", () -> gauge("shoal.proxy.connections.active") == 0);
    }

    @Test
    void backendShutsOutputAndStillReceivesWhatTheClientSends() throws IOException {
        startProxy(Transport.best());
        ListenAddress vip = vip();
        AtomicLong received = new AtomicLong(-1);
        TestBackend backend = new TestBackend("early", Behaviours.closeOutputFirst(received));
        toClose.add(backend);
        applyOk(ProxyTable.of(ProxyRule.of(vip, WEB, List.of(backend.backend()))));

        try (Socket s = Clients.connect(vip)) {
            InputStream in = s.getInputStream();
            assertEquals("bye", Behaviours.readLine(in));
            assertEquals(-1, in.read(), "the backend's EOF reaches the client");
            s.getOutputStream().write(new byte[50_000]);
            s.shutdownOutput();
            Eventually.await("backend got everything sent after its EOF", () -> received.get() == 50_000);
        }
        Eventually.await("proxy dropped the connection", () -> gauge("shoal.proxy.connections.active") == 0);
    }

    // ---- large transfers and backpressure

    @ParameterizedTest
    @EnumSource(Transport.class)
    void largeDownloadReachesASlowReaderIntactWithBoundedProxyMemory(Transport transport) throws IOException {
        startProxy(transport);
        ListenAddress vip = vip();
        AtomicLong sentCrc = new AtomicLong(-1);
        TestBackend backend = new TestBackend("bulk", Behaviours.bulkSender(sentCrc));
        toClose.add(backend);
        applyOk(ProxyTable.of(ProxyRule.of(vip, WEB, List.of(backend.backend()))));
        long size = 64L << 20, slowPart = 16L << 20;
        long baseline = proxyDirectMemory(), peak = baseline;

        CRC32 crc = new CRC32();
        try (Socket s = Clients.connect(vip)) {
            s.getOutputStream().write((size + "\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; total < size && (n = in.read(buf)) >= 0; ) {
                crc.update(buf, 0, n);
                total += n;
                if (total < slowPart) {
                    peak = Math.max(peak, proxyDirectMemory());
                    pace(2);   // a slow reader: ~0.5 s for the first 16 MiB, while the backend could send it all at once
                }
            }
            assertEquals(size, total);
        }
        Eventually.await("backend finished", () -> sentCrc.get() != -1);
        assertEquals(sentCrc.get(), crc.getValue(), "checksums of sent and received bytes");
        long grown = peak - baseline;
        // measured: ~0.4 MiB; reading on without waiting for the flush grew it by ~54 MiB on epoll
        assertTrue(grown < (4L << 20), "proxy direct memory grew by " + grown + " bytes");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void largeUploadArrivesIntact(Transport transport) throws IOException {
        startProxy(transport);
        ListenAddress vip = vip();
        TestBackend backend = new TestBackend("sum", Behaviours.CHECKSUM);
        toClose.add(backend);
        applyOk(ProxyTable.of(ProxyRule.of(vip, WEB, List.of(backend.backend()))));
        CRC32 crc = new CRC32();
        Random random = new Random(7);
        byte[] block = new byte[256 * 1024];
        long size = 0;

        try (Socket s = Clients.connect(vip)) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 256; i++) {
                random.nextBytes(block);
                out.write(block);
                crc.update(block);
                size += block.length;
            }
            s.shutdownOutput();
            assertEquals(crc.getValue() + " " + size, Behaviours.readLine(s.getInputStream()));
        }
    }

    // ---- listeners

    @Test
    void listenersFollowTheAppliedTable() throws IOException {
        startProxy(Transport.best());
        ListenAddress vipA = vip(), vipB = vip();
        TestBackend backend = backend("x");
        ProxyRule ruleA = ProxyRule.of(vipA, WEB, List.of(backend.backend()));
        ProxyRule ruleB = ProxyRule.of(vipB, new ServicePortName("default", "api", "grpc"), List.of(backend.backend()));

        assertEquals(Set.of(vipA), proxy.apply(ProxyTable.of(ruleA)).opened());
        assertEquals("x", Clients.firstLine(vipA));
        assertThrows(ConnectException.class, () -> Clients.connect(vipB).close());

        ApplyResult both = proxy.apply(ProxyTable.of(ruleA, ruleB));
        assertEquals(Set.of(vipB), both.opened());
        assertEquals(Set.of(), both.closed());
        assertEquals("x", Clients.firstLine(vipB));

        ApplyResult again = proxy.apply(ProxyTable.of(ruleA, ruleB));
        assertEquals(new ApplyResult(Set.of(), Set.of(), Map.of(), 0), again, "applying the same table is a no-op");

        assertEquals(Set.of(vipA), proxy.apply(ProxyTable.of(ruleB)).closed());
        assertThrows(ConnectException.class, () -> Clients.connect(vipA).close());
        assertEquals("x", Clients.firstLine(vipB));

        assertEquals(Set.of(vipB), proxy.apply(ProxyTable.EMPTY).closed());
        assertThrows(ConnectException.class, () -> Clients.connect(vipB).close());
        assertEquals(ProxyTable.EMPTY, proxy.table());
    }

    @Test
    void aListenerThatCannotBindIsReportedAndRetriedByTheNextApply() throws IOException {
        startProxy(Transport.best());
        ListenAddress taken = vip(), free = vip();
        TestBackend backend = backend("x");
        ProxyTable table = ProxyTable.of(
                ProxyRule.of(taken, WEB, List.of(backend.backend())),
                ProxyRule.of(free, new ServicePortName("default", "other", "http"), List.of(backend.backend())));
        ApplyResult first;
        try (ServerSocket squatter = new ServerSocket(taken.port(), 1, taken.ip())) {
            assertTrue(squatter.isBound());
            first = proxy.apply(table);
        }
        assertFalse(first.ok());
        assertEquals(Set.of(taken), first.failed().keySet());
        assertEquals(Set.of(free), first.opened());

        ApplyResult retry = proxy.apply(table);
        assertEquals(Set.of(taken), retry.opened());
        assertTrue(retry.ok());
        assertEquals("x", Clients.firstLine(taken));
    }

    @Test
    void anIpv6ListenerRelaysToIpv4AndIpv6Backends() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
            port = probe.getLocalPort();   // a free port on ::1, which all test runs share
        } catch (IOException noIpv6) {
            assumeTrue(false, "no IPv6 loopback here: " + noIpv6);
            return;
        }
        startProxy(Transport.best());
        TestBackend four = backend("four");
        TestBackend six = new TestBackend("six", v6, Behaviours.NAME_THEN_ECHO);
        toClose.add(six);
        ListenAddress vip = ListenAddress.tcp("::1", port);
        applyOk(ProxyTable.of(ProxyRule.of(vip, WEB, List.of(four.backend(), six.backend()))));

        assertEquals(List.of("four", "six"), List.of(Clients.firstLine(vip), Clients.firstLine(vip)));
    }

    // ---- metrics

    @Test
    void metricsCountConnectionsBytesFailuresAndRetries() throws IOException {
        startProxy(Transport.best());
        ListenAddress vip = vip();
        TestBackend backend = new TestBackend("answer", Behaviours.ANSWER_AFTER_EOF);
        toClose.add(backend);
        Backend dead = TestBackend.refusing();
        ProxyRule rule = ProxyRule.of(vip, WEB, List.of(dead, backend.backend()));
        applyOk(ProxyTable.of(rule));

        byte[] request = new byte[1000];
        int responseBytes = ("received 1000\n").length() + request.length;
        try (Socket held = Clients.connect(vip)) {
            Eventually.await("one active connection", () -> gauge("shoal.proxy.connections.active") == 1);
            for (int i = 0; i < 3; i++) {
                try (Socket s = Clients.connect(vip)) {
                    s.getOutputStream().write(request);
                    s.shutdownOutput();
                    assertEquals(responseBytes, s.getInputStream().readAllBytes().length);
                }
            }
            held.getOutputStream().write(request);
            held.shutdownOutput();
            assertEquals(responseBytes, held.getInputStream().readAllBytes().length);
        }

        Eventually.await("no active connection", () -> gauge("shoal.proxy.connections.active") == 0);
        assertEquals(4, counter("shoal.proxy.connections"));
        assertEquals(4 * request.length, counter("shoal.proxy.in"));
        assertEquals(4 * responseBytes, counter("shoal.proxy.out"));
        assertEquals(2, counter("shoal.proxy.connect.failures"), "round robin started on the dead backend twice");
        assertEquals(2, counter("shoal.proxy.connect.retries"));
        assertEquals(0, counter("shoal.proxy.connections.rejected"));

        proxy.apply(ProxyTable.EMPTY);
        assertNull(registry.find("shoal.proxy.connections").counter(), "a removed Service's series end");
    }

    // ---- concurrency

    @Test
    void manyConcurrentClientsAreAllRelayed() throws Exception {
        startProxy(Transport.best());
        ListenAddress vip = vip();
        TestBackend a = backend("a"), b = backend("b");
        applyOk(ProxyTable.of(ProxyRule.of(vip, WEB, List.of(a.backend(), b.backend()))));
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                int id = c;
                results.add(clients.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 20; i++) {
                        try (Socket s = Clients.connect(vip)) {
                            Behaviours.readLine(s.getInputStream());
                            if (echo(s, "client " + id + " round " + i).equals("client " + id + " round " + i)) ok++;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> r : results) ok += r.get(30, TimeUnit.SECONDS);
            assertEquals(32 * 20, ok);
        } finally {
            clients.shutdownNow();
        }
        assertEquals(32 * 20, a.accepted.get() + b.accepted.get());
        Eventually.await("all connections closed", () -> gauge("shoal.proxy.connections.active") == 0);
    }

    // ---- helpers

    private void startProxy(Transport transport) {
        assumeTrue(transport != Transport.EPOLL || Transport.best() == Transport.EPOLL, "epoll is not available here");
        proxy = ServiceProxy.start(ProxySettings.defaults().withEventLoopThreads(2).withTransport(transport), registry);
        toClose.add(proxy);
        assertEquals(transport, proxy.transport());
    }

    /** A fresh virtual IP per listener: 127.77.x.y is bindable on Linux without configuration. */
    private static ListenAddress vip() {
        int n = NEXT_VIP.getAndIncrement();
        return ListenAddress.tcp("127.77." + (n / 250) + "." + (n % 250 + 1), 18080);
    }

    private TestBackend backend(String name) throws IOException {
        TestBackend backend = new TestBackend(name, Behaviours.NAME_THEN_ECHO);
        toClose.add(backend);
        return backend;
    }

    private void applyOk(ProxyTable table) {
        ApplyResult result = proxy.apply(table);
        assertTrue(result.ok(), "apply failed: " + result.failed());
    }

    private static Set<String> namesFrom(String clientIp, ListenAddress vip, int connections) throws IOException {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < connections; i++) {
            try (Socket s = Clients.connectFrom(clientIp, vip)) {
                names.add(Behaviours.readLine(s.getInputStream()));
            }
        }
        return names;
    }

    private static String echo(Socket s, String line) throws IOException {
        s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        return Behaviours.readLine(s.getInputStream());
    }

    /** The proxy resets the connection: the client sees it while connecting, or on its first read. */
    private static void assertEndsWithoutAnswer(ListenAddress vip) throws IOException {
        Socket s;
        try {
            s = Clients.connect(vip);
        } catch (SocketException resetWhileConnecting) {
            return;
        }
        try (s) {
            assertEquals(-1, readOrReset(s.getInputStream()));
        }
    }

    /** EOF and a reset both mean "the proxy ended this connection". */
    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    private double counter(String name) {
        Counter c = registry.find(name).tags("namespace", "default", "service", "web", "port", "http").counter();
        return c == null ? 0 : c.count();
    }

    private double gauge(String name) {
        Gauge g = registry.find(name).tags("namespace", "default", "service", "web", "port", "http").gauge();
        return g == null ? 0 : g.value();
    }

    /** Direct memory held by Netty's default allocator, which the proxy's channels use. */
    private static long proxyDirectMemory() {
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }

    /** Paces the slow reader; this is the workload, not a wait for a condition. */
    private static void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
