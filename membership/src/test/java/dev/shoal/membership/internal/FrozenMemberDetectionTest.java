package dev.shoal.membership.internal;

import dev.shoal.membership.ClusterMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frozen member (SIGSTOP: its sockets stay open, it just stops answering) is removed by the
 * heartbeat timeout alone. Runs the frozen member in a child JVM; the number is printed.
 */
class FrozenMemberDetectionTest {

    /** {@link FailureDetection#worstCaseFrozenDetection()} (6 s) plus 1 s for a busy 2-core machine. */
    private static final Duration FROZEN_DETECTED_WITHIN = FailureDetection.DEFAULT.worstCaseFrozenDetection().plusSeconds(1);

    @TempDir Path dir;
    private TestCluster cluster;
    private Process child;

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            signal("CONT", child.pid());
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        cluster.close();
    }

    @Test
    void aFrozenMemberLeavesWithinTheHeartbeatTimeout() throws Exception {
        cluster = new TestCluster(dir).start(2);
        int port = TestCluster.freePort();
        String peer = TestCluster.HOST + ":" + cluster.get(0).hazelcast().getCluster().getLocalMember().getAddress().getPort();
        child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                MemberMain.class.getName(), "frozen", Integer.toString(port), peer, cluster.name, dir.resolve("frozen").toString()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("READY")) {
            // start-up log lines
        }
        assertTrue(line != null, "the child member started");
        Thread drain = new Thread(() -> { try { while (out.readLine() != null) { /* keep the pipe empty */ } } catch (Exception e) { /* gone */ } });
        drain.setDaemon(true);
        drain.start();
        Await.until(Duration.ofSeconds(30), () -> cluster.get(0).clusterSize() == 3, "the child joins");

        long frozenAt = System.nanoTime();
        signal("STOP", child.pid());
        Await.until(Duration.ofSeconds(30), () -> cluster.get(0).members().stream()
                .noneMatch(m -> m.nodeName().equals("frozen")), "the frozen member is removed");
        Duration took = Duration.ofNanos(System.nanoTime() - frozenAt);
        System.out.println("[measured] frozen member removed after " + took.toMillis() + " ms");
        assertTrue(took.compareTo(FROZEN_DETECTED_WITHIN) <= 0, "took " + took);
        // The other member hears of the removal from the master a moment later.
        Await.until(FROZEN_DETECTED_WITHIN, () -> cluster.get(1).members().stream()
                .map(ClusterMember.MemberInfo::nodeName).noneMatch("frozen"::equals), "the other member sees it removed too");
    }

    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    }
}
