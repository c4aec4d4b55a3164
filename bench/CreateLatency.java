import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load client for bench/api-create-latency.sh (run with `java CreateLatency.java ...`, JDK only).
 * Phase 1: sequential creates, one at a time, spread round-robin over the given servers: latency.
 * Phase 2: the same with C concurrent clients: throughput. Every create must answer 201.
 *
 * usage: java CreateLatency.java SERVERS(comma) SEQUENTIAL_N CONCURRENT_N CONCURRENCY
 */
public class CreateLatency {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        String[] servers = args[0].split(",");
        int sequential = Integer.parseInt(args[1]);
        int concurrentN = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        String run = Long.toString(System.currentTimeMillis() % 100000);

        // Warm-up: JIT and connection set-up on both sides, not measured.
        for (int i = 0; i < 200; i++) create(servers[i % servers.length], "warm-" + run + "-" + i);

        long[] lat = new long[sequential];
        for (int i = 0; i < sequential; i++) {
            long t0 = System.nanoTime();
            create(servers[i % servers.length], "seq-" + run + "-" + i);
            lat[i] = System.nanoTime() - t0;
        }
        Arrays.sort(lat);
        System.out.printf("sequential creates: n=%d  p50=%.2f ms  p99=%.2f ms  max=%.2f ms%n", sequential,
                lat[sequential / 2] / 1e6, lat[(int) (sequential * 0.99)] / 1e6, lat[sequential - 1] / 1e6);

        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        long[] clat = new long[concurrentN];
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < concurrentN) {
                    long s = System.nanoTime();
                    create(servers[i % servers.length], "par-" + run + "-" + i);
                    clat[i] = System.nanoTime() - s;
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Arrays.sort(clat);
        System.out.printf("concurrent creates: n=%d  clients=%d  throughput=%.0f creates/s  p50=%.2f ms  p99=%.2f ms%n",
                concurrentN, concurrency, concurrentN / secs, clat[concurrentN / 2] / 1e6, clat[(int) (concurrentN * 0.99)] / 1e6);
    }

    static void create(String server, String name) throws Exception {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"involvedObject\":{\"kind\":\"Deployment\",\"name\":\"bench\",\"namespace\":\"default\"},"
                + "\"reason\":\"Bench\",\"message\":\"create latency benchmark\",\"type\":\"Normal\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + server + "/api/v1/namespaces/default/events"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("create " + name + " on " + server + ": " + r.statusCode() + " " + r.body());
    }
}
