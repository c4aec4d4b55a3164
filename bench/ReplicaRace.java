import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One race: the time from "start N replicas" to N replicas answering HTTP, on one system.
 * Every system is measured the same way: the clock starts just before the request that starts
 * the replicas, then every 50 ms the replicas' endpoints are discovered (the system's own way)
 * and each not yet seen serving gets {@code GET /}; the clock stops when N distinct endpoints
 * answered 200. Afterwards the replicas are removed and the engine is left as it was.
 *
 * <pre>usage: java bench/ReplicaRace.java floor|swarm|shoal N IMAGE [SHOAL_API]</pre>
 *
 * floor: N {@code docker run -d -p 127.0.0.1:PORT:8080} at once, the engine's own floor.
 * swarm: {@code docker service create --replicas N --publish mode=host}, one Swarm node.
 * shoal: a Deployment of N posted to SHOAL_API; endpoints from the pods' status.hostPorts.
 * All traffic goes to 127.0.0.1 or to the agent's loopback address.
 */
public class ReplicaRace {
    static final Duration POLL = Duration.ofMillis(50);
    static final Duration DEADLINE = Duration.ofMinutes(3);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    static final String SWARM_SERVICE = "race-swarm";
    static final String SHOAL_APP = "race-shoal";
    static final int FLOOR_PORT_BASE = 31000;  // below the ephemeral range (32768+), so no client socket holds one

    interface Discovery {
        List<String> endpoints() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String system = args[0];
        int n = Integer.parseInt(args[1]);
        String image = args[2];
        String api = args.length > 3 ? args[3] : "";
        long t0 = System.nanoTime();
        Discovery discovery = switch (system) {
            case "floor" -> startFloor(n, image);
            case "swarm" -> startSwarm(n, image);
            case "shoal" -> startShoal(n, image, api);
            default -> throw new IllegalArgumentException("system: floor, swarm or shoal, not " + system);
        };
        long ms = awaitServing(discovery, n, t0);
        System.out.println(system + " " + n + " " + ms);
        switch (system) {
            case "floor" -> cleanFloor(n);
            case "swarm" -> cleanSwarm();
            default -> cleanShoal(api);
        }
    }

    static long awaitServing(Discovery discovery, int n, long t0) throws Exception {
        Set<String> serving = ConcurrentHashMap.newKeySet();
        long deadline = t0 + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            List<CompletableFuture<?>> probes = new ArrayList<>();
            for (String e : discovery.endpoints()) {
                if (serving.contains(e)) continue;
                probes.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://" + e + "/")).timeout(Duration.ofSeconds(1)).build(),
                                HttpResponse.BodyHandlers.discarding())
                        .handle((r, err) -> {
                            if (r != null && r.statusCode() == 200) serving.add(e);
                            return null;
                        }));
            }
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).join();
            if (serving.size() >= n) return (System.nanoTime() - t0) / 1_000_000;
            Thread.sleep(POLL.toMillis());  // the poll interval of the measurement, the same for every system
        }
        throw new IllegalStateException("only " + serving.size() + " of " + n + " replicas served within " + DEADLINE);
    }

    // ---- the engine's floor

    static Discovery startFloor(int n, String image) throws Exception {
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(new ProcessBuilder("docker", "run", "-d", "--name", "race-floor-" + i,
                    "-p", "127.0.0.1:" + (FLOOR_PORT_BASE + i) + ":8080", image)
                    .redirectErrorStream(true).start());
        }
        for (Process p : runs) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException("docker run failed: " + out);
        }
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) endpoints.add("127.0.0.1:" + (FLOOR_PORT_BASE + i));
        return () -> endpoints;
    }

    static void cleanFloor(int n) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker", "rm", "-f"));
        for (int i = 0; i < n; i++) cmd.add("race-floor-" + i);
        run(cmd);
    }

    // ---- Docker Swarm

    static Discovery startSwarm(int n, String image) throws Exception {
        // --no-resolve-image: the image is local; do not ask a registry for its digest
        run(List.of("docker", "service", "create", "--detach", "--quiet", "--no-resolve-image", "--name", SWARM_SERVICE,
                "--replicas", Integer.toString(n), "--publish", "mode=host,target=8080", image));
        Pattern port = Pattern.compile("0\\.0\\.0\\.0:(\\d+)->8080/tcp");
        return () -> {
            List<String> endpoints = new ArrayList<>();
            for (String line : run(List.of("docker", "ps", "--filter", "label=com.docker.swarm.service.name=" + SWARM_SERVICE,
                    "--format", "{{.Ports}}")).split("\n")) {
                Matcher m = port.matcher(line);
                if (m.find()) endpoints.add("127.0.0.1:" + m.group(1));
            }
            return endpoints;
        };
    }

    static void cleanSwarm() throws Exception {
        run(List.of("docker", "service", "rm", SWARM_SERVICE));
        awaitNoContainers("label=com.docker.swarm.service.name=" + SWARM_SERVICE);
    }

    // ---- Shoal

    static Discovery startShoal(int n, String image, String api) throws Exception {
        String deployment = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                   "template":{"metadata":{"labels":{"app":"%s"}},
                     "spec":{"terminationGracePeriodSeconds":2,
                       "containers":[{"name":"web","image":"%s","imagePullPolicy":"Never",
                         "ports":[{"containerPort":8080}],
                         "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}"""
                .formatted(SHOAL_APP, n, SHOAL_APP, SHOAL_APP, image);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + api + "/apis/apps/v1/namespaces/default/deployments"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(deployment)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("create failed: " + r.statusCode() + " " + r.body());
        Pattern hostIP = Pattern.compile("\"hostIP\":\"([0-9.]+)\"");
        Pattern hostPort = Pattern.compile("\"hostPort\":(\\d+)");
        return () -> {
            String pods = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + api
                    + "/api/v1/namespaces/default/pods?labelSelector=app%3D" + SHOAL_APP)).build(), HttpResponse.BodyHandlers.ofString()).body();
            List<String> endpoints = new ArrayList<>();
            // one pod per "metadata" block; each has one container port, so one hostIP and one hostPort
            for (String pod : pods.split("\"metadata\":")) {
                Matcher ip = hostIP.matcher(pod);
                Matcher port = hostPort.matcher(pod);
                if (ip.find() && port.find()) endpoints.add(ip.group(1) + ":" + port.group(1));
            }
            return endpoints;
        };
    }

    static void cleanShoal(String api) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://" + api + "/apis/apps/v1/namespaces/default/deployments/" + SHOAL_APP))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        awaitNoContainers("label=dev.shoal.pod.namespace=default");
    }

    // ---- helpers

    static void awaitNoContainers(String filter) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!run(List.of("docker", "ps", "-aq", "--filter", filter)).isBlank()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("containers " + filter + " not removed");
            Thread.sleep(200);  // waiting for cleanup between races, outside any measurement
        }
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }
}
