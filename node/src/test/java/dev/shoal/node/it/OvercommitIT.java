package dev.shoal.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * More pods than fit, placed concurrently by several leaders bidding against the same nodes:
 * no node may end up holding more than its allocatable (a double reservation would show here as
 * a node over its capacity), and no capacity may be left unused while pods wait (a leaked
 * reservation would show as fewer bound pods than fit).
 *
 * <p>Nodes of 1, 2 and 3 cores; 5 Deployments x 8 replicas x 250m = 10 cores asked of 6:
 * 4 + 8 + 12 = 24 pods fit, 16 stay Pending. Memory (256Mi each) is never the limit:
 * 4 x 256Mi on the 2 GiB node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OvercommitIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The placement must stay unchanged this long to count as settled (several bidding rounds and a resync's worth of retries). */
    static final Duration QUIET = Duration.ofSeconds(5);
    static final int DEPLOYMENTS = 5, REPLICAS = 8;
    static final long POD_MILLI_CPU = 250, POD_MEMORY = 256L << 20;
    private TestCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.create("OvercommitIT", 16843, 16051, List.of(
                List.of("--cpu", "1000", "--memory-mib", "2048"),
                List.of("--cpu", "2000", "--memory-mib", "4096"),
                List.of("--cpu", "3000", "--memory-mib", "6144"))).start();
        cluster.awaitNodesReady(3);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    @Test
    void concurrentDeploymentsNeverOvercommitANodeAndFillWhatFits() throws Exception {
        CyclicBarrier go = new CyclicBarrier(DEPLOYMENTS);
        ExecutorService pool = Executors.newFixedThreadPool(DEPLOYMENTS);
        List<Future<Http.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < DEPLOYMENTS; i++) {
                AgentProcess via = cluster.agent(i % 3);
                String body = ControllerIT.deployment("over-" + i, REPLICAS, POD_MILLI_CPU + "m", "256Mi");
                replies.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return Http.post(via.baseUrl() + "/apis/apps/v1/namespaces/default/deployments", body);
                }));
            }
            for (Future<Http.Reply> r : replies) {
                Http.Reply reply = r.get(30, TimeUnit.SECONDS);
                assertEquals(201, reply.status(), reply.body());
            }
        } finally {
            pool.shutdownNow();
        }

        AgentProcess a = cluster.agent(0);
        long startedAt = System.nanoTime();
        Map<String, List<JsonNode>> settled = awaitQuiet(a);
        System.out.println("OvercommitIT: placement settled " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)
                + " ms after the 5 concurrent creates (unchanged for " + QUIET.toMillis() + " ms)");

        Map<String, String> leaders = new TreeMap<>();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            leaders.put("over-" + i, Http.get(a.baseUrl() + "/apis/apps/v1/namespaces/default/deployments/over-" + i).json()
                    .path("metadata").path("annotations").path("shoal.dev/leader").asText());
        }
        System.out.println("OvercommitIT: leaders placing concurrently: " + leaders);

        int totalFits = 0, totalBound = 0;
        List<String> problems = new ArrayList<>();
        for (JsonNode node : Http.get(a.baseUrl() + "/api/v1/nodes").json().path("items")) {
            String name = node.path("metadata").path("name").asText();
            JsonNode alloc = node.path("status").path("allocatable");
            long allocCpu = Quantity.milliValue(alloc.path("cpu").asText());
            long allocMem = Quantity.bytes(alloc.path("memory").asText());
            long maxPods = alloc.path("pods").asLong(110);
            long cpu = 0, mem = 0;
            List<JsonNode> bound = settled.getOrDefault(name, List.of());
            for (JsonNode p : bound) {
                for (JsonNode c : p.path("spec").path("containers")) {
                    JsonNode req = c.path("resources").path("requests");
                    cpu += Quantity.milliValue(req.path("cpu").asText("0"));
                    mem += Quantity.bytes(req.path("memory").asText("0"));
                }
            }
            long fits = Math.min(maxPods, Math.min(allocCpu / POD_MILLI_CPU, allocMem / POD_MEMORY));
            totalFits += fits;
            totalBound += bound.size();
            System.out.printf("OvercommitIT: %s: %d pods bound, requests %dm cpu / %d MiB of allocatable %dm / %d MiB; %d fit%n",
                    name, bound.size(), cpu, mem >> 20, allocCpu, allocMem >> 20, fits);
            if (cpu > allocCpu) problems.add(name + " overcommitted on cpu: " + cpu + "m > " + allocCpu + "m");
            if (mem > allocMem) problems.add(name + " overcommitted on memory: " + mem + " > " + allocMem);
            if (bound.size() != fits) problems.add(name + " holds " + bound.size() + " pods where " + fits + " fit");
        }
        int pending = settled.getOrDefault("", List.of()).size();
        System.out.println("OvercommitIT: " + totalBound + " bound (" + totalFits + " fit), " + pending + " Pending");
        assertTrue(problems.isEmpty(), String.join("; ", problems));
        assertEquals(24, totalFits, "the nodes' allocatable is not what the agents were started with");
        assertEquals(DEPLOYMENTS * REPLICAS - totalBound, pending);
    }

    /**
     * Waits until all 40 pods exist, each either bound or Pending with PodScheduled=False, and the
     * binding of every pod has stayed the same for {@link #QUIET}. Returns node -> bound pods ("" for Pending).
     */
    private static Map<String, List<JsonNode>> awaitQuiet(AgentProcess via) {
        long[] sameSince = {0};
        String[] last = {""};
        return Await.until(DEADLINE, "all " + DEPLOYMENTS * REPLICAS + " pods bound or unschedulable, unchanged for " + QUIET, () -> {
            Map<String, List<JsonNode>> byNode = new TreeMap<>();
            Map<String, String> binding = new TreeMap<>();
            int count = 0;
            for (JsonNode p : Http.get(via.baseUrl() + "/api/v1/namespaces/default/pods").json().path("items")) {
                String phase = p.path("status").path("phase").asText();
                if (phase.equals("Failed") || phase.equals("Succeeded")) continue;
                String node = p.path("spec").path("nodeName").asText("");
                if (node.isEmpty() && !unschedulable(p)) return reset(sameSince);
                byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(p);
                binding.put(p.path("metadata").path("name").asText(), node);
                count++;
            }
            if (count != DEPLOYMENTS * REPLICAS) return reset(sameSince);
            String now = binding.toString();
            if (!now.equals(last[0]) || sameSince[0] == 0) {
                last[0] = now;
                sameSince[0] = System.nanoTime();
                return null;
            }
            return System.nanoTime() - sameSince[0] >= QUIET.toNanos() ? byNode : null;
        });
    }

    private static <T> T reset(long[] sameSince) {
        sameSince[0] = 0;
        return null;
    }

    private static boolean unschedulable(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("PodScheduled") && c.path("status").asText().equals("False")) return true;
        }
        return false;
    }
}
