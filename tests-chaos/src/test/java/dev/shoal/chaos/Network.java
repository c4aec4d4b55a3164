package dev.shoal.chaos;

import dev.shoal.node.it.AgentProcess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network faults between agents on one machine, with iptables on their loopback addresses. Every
 * rule lives in a chain of this harness's own ({@value #CHAIN}), jumped to from INPUT, so
 * {@link #heal()} flushes exactly what the test added and {@link #close()} removes the chain even
 * after a failure. Traffic between a test and an agent comes from 127.0.0.1 and is never cut.
 */
final class Network implements AutoCloseable {
    static final String CHAIN = "SHOAL-CHAOS";

    private final History history;

    Network(History history) {
        this.history = history;
        iptablesQuietly("-D", "INPUT", "-j", CHAIN);  // an earlier, killed run's
        iptablesQuietly("-F", CHAIN);
        iptablesQuietly("-X", CHAIN);
        iptables("-N", CHAIN);
        iptables("-I", "INPUT", "-j", CHAIN);
    }

    /** Drops every packet between a node of {@code a} and a node of {@code b}, both ways (a real partition: no RST, no ICMP). */
    void partition(List<AgentProcess> a, List<AgentProcess> b) {
        history.nemesis("partition " + a.stream().map(AgentProcess::name).toList() + " | " + b.stream().map(AgentProcess::name).toList());
        for (AgentProcess x : a) {
            for (AgentProcess y : b) {
                iptables("-A", CHAIN, "-s", x.address(), "-d", y.address(), "-j", "DROP");
                iptables("-A", CHAIN, "-s", y.address(), "-d", x.address(), "-j", "DROP");
            }
        }
    }

    void heal() {
        history.nemesis("heal");
        iptables("-F", CHAIN);
    }

    @Override
    public void close() {
        iptablesQuietly("-D", "INPUT", "-j", CHAIN);
        iptablesQuietly("-F", CHAIN);
        iptablesQuietly("-X", CHAIN);
    }

    private static void iptables(String... args) {
        int code = run(args);
        if (code != 0) throw new IllegalStateException("iptables " + String.join(" ", args) + " exited " + code);
    }

    private static void iptablesQuietly(String... args) {
        run(args);
    }

    private static int run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("iptables is needed for partitions (apt-get install -y iptables): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
