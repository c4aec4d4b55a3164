import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rolling update, on one system: N replicas of IMAGE1 are started and serving through the
 * system's published port, two clients start hammering that port (one keep-alive connection, and
 * one new connection per request), then the clock starts just before the request that moves the
 * replicas to IMAGE2, and stops when the system reports the update complete. Prints
 * {@code system N update_ms ok failed}. Afterwards everything is removed.
 *
 * <p>Both systems update one replica at a time, start-first, each replica gated by the same 1 s
 * readiness check on {@code /healthz}:
 * <ul>
 *   <li>swarm: {@code docker service update --image IMAGE2} of a service created with
 *       {@code --update-parallelism 1 --update-order start-first --update-delay 0s}, a health check
 *       every second, each task published on a host port of its own (this engine installs no
 *       iptables rules, so the routing mesh's port refuses), the clients balancing over the
 *       healthy tasks' ports as listed by the engine every 100 ms; complete when
 *       {@code UpdateStatus.State} is {@code completed}.</li>
 *   <li>shoal: a JSON patch of the Deployment's image, maxSurge 1, maxUnavailable 0, a readiness
 *       probe every second, behind a NodePort Service on the agent's address; complete when
 *       the status says every replica is updated and available and no old one is left.</li>
 * </ul>
 *
 * <pre>usage: java bench/RolloutRace.java swarm|shoal N IMAGE1 IMAGE2 [SHOAL_API]</pre>
 * All traffic goes to 127.0.0.1 or to the agent's loopback address.
 */
public class RolloutRace {
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration DEADLINE = Duration.ofMinutes(5);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    static final String SWARM_SERVICE = "rollout-swarm";
    static final String SHOAL_APP = "rollout-shoal";

    /** Where the clients send their next request. */
    interface Endpoints {
        String next() throws Exception;
    }

    interface Update {
        void start() throws Exception;
        boolean done() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String system = args[0];
        int n = Integer.parseInt(args[1]);
        String image1 = args[2];
        String image2 = args[3];
        String api = args.length > 4 ? args[4] : "";
        Endpoints endpoints;
        Update update;
        switch (system) {
            case "swarm" -> {
                endpoints = startSwarm(n, image1);
                update = swarmUpdate(image2);
            }
            case "shoal" -> {
                String nodePort = startShoal(n, image1, api);
                endpoints = () -> nodePort;
                update = shoalUpdate(api, image2, n);
            }
            default -> throw new IllegalArgumentException("system: swarm or shoal, not " + system);
        }
        try {
            awaitServing(endpoints.next(), "v1 ");
            Clients clients = new Clients(endpoints);
            clients.awaitOk(50);
            long t0 = System.nanoTime();
            update.start();
            long deadline = t0 + DEADLINE.toNanos();
            while (!update.done()) {
                if (System.nanoTime() > deadline) throw new IllegalStateException(system + ": update not complete within " + DEADLINE);
                Thread.sleep(POLL.toMillis());  // the poll interval of the measurement, the same for both systems
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            clients.awaitOk(50);  // traffic goes on past the end: a failure just after "complete" counts too
            clients.stop();
            System.out.println(system + " " + n + " " + ms + " " + clients.ok.get() + " " + clients.failed.get()
                    + (clients.firstFailure == null ? "" : "   # first failure: " + clients.firstFailure));
        } finally {
            if (endpoints instanceof SwarmTasks tasks) tasks.stop();
            if (system.equals("swarm")) cleanSwarm();
            else cleanShoal(api);
        }
    }

    /** Two loops over the endpoint until stopped: a keep-alive HTTP/1.1 client and an HTTP/1.0 one (a connection each). */
    static final class Clients {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        volatile String firstFailure;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Clients(Endpoints endpoints) {
            HttpClient keepAlive = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            threads.add(loop("keep-alive", () -> keepAlive.send(HttpRequest.newBuilder(URI.create("http://" + endpoints.next() + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200));
            threads.add(loop("new-connection", () -> fetchFresh(endpoints.next()).startsWith("HTTP/1.1 200")));
        }

        interface Request {
            boolean ok() throws Exception;
        }

        private Thread loop(String mode, Request request) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    String why;
                    try {
                        if (request.ok()) {
                            ok.incrementAndGet();
                            continue;
                        }
                        why = "not a 200";
                    } catch (IllegalStateException e) {
                        continue;  // no endpoint to try: not a request, so not a failure
                    } catch (Exception e) {
                        why = e.toString();
                    }
                    if (failed.incrementAndGet() == 1) firstFailure = mode + ": " + why;
                }
            }, mode);
            t.setDaemon(true);  // a failed race must not be kept alive by its clients
            t.start();
            return t;
        }

        void awaitOk(int more) throws InterruptedException {
            int from = ok.get();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (ok.get() < from + more) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the clients made no progress");
                Thread.sleep(10);  // waiting for the clients, outside the measured interval
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join(10_000);
        }
    }

    static String fetchFresh(String endpoint) throws IOException {
        int colon = endpoint.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Until the endpoint answers with a body starting with {@code prefix}. */
    static void awaitServing(String endpoint, String prefix) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                String r = fetchFresh(endpoint);
                if (r.startsWith("HTTP/1.1 200") && r.substring(r.indexOf("\r\n\r\n") + 4).startsWith(prefix)) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException(endpoint + " never served " + prefix);
            Thread.sleep(POLL.toMillis());  // before the measurement starts
        }
    }

    // ---- Docker Swarm

    static SwarmTasks startSwarm(int n, String image) throws Exception {
        // --no-resolve-image: the image is local; do not ask a registry for its digest.
        // mode=host: the routing mesh needs the engine's iptables rules, which this engine does not
        // install (its ingress port refuses); so each task gets a host port of its own, and the
        // clients balance over the healthy tasks' ports (SwarmTasks), as a load balancer fed by the engine would.
        run(List.of("docker", "service", "create", "--detach", "--quiet", "--no-resolve-image", "--name", SWARM_SERVICE,
                "--replicas", Integer.toString(n),
                "--update-parallelism", "1", "--update-order", "start-first", "--update-delay", "0s",
                // a health check that times out once on a loaded machine would otherwise pause the update for good
                "--update-failure-action", "continue",
                "--health-cmd", "wget -q -O /dev/null http://127.0.0.1:8080/healthz", "--health-interval", "1s",
                "--health-timeout", "1s", "--health-retries", "3",
                "--stop-grace-period", "5s",
                "--publish", "mode=host,target=8080", image));
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!run(List.of("docker", "service", "ls", "--filter", "name=" + SWARM_SERVICE, "--format", "{{.Replicas}}"))
                .trim().equals(n + "/" + n)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("swarm: " + n + " replicas never ran");
            Thread.sleep(POLL.toMillis());  // before the measurement starts
        }
        return new SwarmTasks();
    }

    /**
     * The host ports of the service's healthy tasks, listed from the engine every 100 ms, handed
     * out round robin: the freshest view a load balancer outside Swarm could have.
     */
    static final class SwarmTasks implements Endpoints {
        private volatile List<String> healthy = List.of();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread refresher;

        SwarmTasks() throws Exception {
            refresh();
            refresher = new Thread(() -> {
                while (running.get()) {
                    try {
                        refresh();
                        Thread.sleep(POLL.toMillis());  // the discovery interval
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "swarm-tasks");
            refresher.setDaemon(true);
            refresher.start();
        }

        private void refresh() throws Exception {
            Pattern port = Pattern.compile("0\\.0\\.0\\.0:(\\d+)->8080/tcp");
            List<String> fresh = new ArrayList<>();
            for (String line : run(List.of("docker", "ps", "--filter", "label=com.docker.swarm.service.name=" + SWARM_SERVICE,
                    "--filter", "health=healthy", "--format", "{{.Ports}}")).split("\n")) {
                Matcher m = port.matcher(line);
                if (m.find()) fresh.add("127.0.0.1:" + m.group(1));
            }
            healthy = fresh;
        }

        @Override public String next() {
            List<String> now = healthy;
            if (now.isEmpty()) throw new IllegalStateException("no healthy task");
            return now.get(Math.floorMod(next.getAndIncrement(), now.size()));
        }

        void stop() {
            running.set(false);
        }
    }

    static Update swarmUpdate(String image) {
        return new Update() {
            @Override public void start() throws Exception {
                run(List.of("docker", "service", "update", "--detach", "--quiet", "--no-resolve-image", "--image", image, SWARM_SERVICE));
            }

            @Override public boolean done() throws Exception {
                String state = run(List.of("docker", "service", "inspect", "--format",
                        "{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}", SWARM_SERVICE)).trim();
                if (state.startsWith("paused") || state.startsWith("rollback")) throw new IllegalStateException("swarm update " + state);
                return state.equals("completed");
            }
        };
    }

    static void cleanSwarm() throws Exception {
        run(List.of("docker", "service", "rm", SWARM_SERVICE));
        awaitNoContainers("label=com.docker.swarm.service.name=" + SWARM_SERVICE);
    }

    // ---- Shoal

    static String startShoal(int n, String image, String api) throws Exception {
        String deployment = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                   "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},
                   "template":{"metadata":{"labels":{"app":"%s"}},
                     "spec":{"terminationGracePeriodSeconds":5,
                       "containers":[{"name":"web","image":"%s","imagePullPolicy":"Never",
                         "ports":[{"name":"http","containerPort":8080}],
                         "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":1},
                         "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}"""
                .formatted(SHOAL_APP, n, SHOAL_APP, SHOAL_APP, image);
        send("POST", "http://" + api + "/apis/apps/v1/namespaces/default/deployments", "application/json", deployment, 201);
        String service = send("POST", "http://" + api + "/api/v1/namespaces/default/services", "application/json", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s"},
                 "spec":{"type":"NodePort","selector":{"app":"%s"},"ports":[{"port":80,"targetPort":"http"}]}}"""
                .formatted(SHOAL_APP, SHOAL_APP), 201);
        Matcher m = Pattern.compile("\"nodePort\":(\\d+)").matcher(service);
        if (!m.find()) throw new IllegalStateException("no node port: " + service);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!complete(api, n)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("shoal: " + n + " replicas never became available");
            Thread.sleep(POLL.toMillis());  // before the measurement starts
        }
        return api.substring(0, api.indexOf(':')) + ":" + m.group(1);
    }

    static Update shoalUpdate(String api, String image, int n) {
        return new Update() {
            @Override public void start() throws Exception {
                send("PATCH", "http://" + api + "/apis/apps/v1/namespaces/default/deployments/" + SHOAL_APP,
                        "application/json-patch+json",
                        "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + image + "\"}]", 200);
            }

            @Override public boolean done() throws Exception {
                return complete(api, n);
            }
        };
    }

    /** The Deployment's status says: its spec observed, every replica updated and available, none left over. */
    static boolean complete(String api, int n) throws Exception {
        String d = send("GET", "http://" + api + "/apis/apps/v1/namespaces/default/deployments/" + SHOAL_APP, null, null, 200);
        long generation = number(d, "\"generation\"\\s*:\\s*(\\d+)");
        long observed = number(d, "\"observedGeneration\"\\s*:\\s*(\\d+)");
        // status.replicas is the one followed by updatedReplicas (spec.replicas comes first in the object)
        return observed >= generation && number(d, "\"updatedReplicas\"\\s*:\\s*(\\d+)") == n
                && number(d, "\"availableReplicas\"\\s*:\\s*(\\d+)") == n
                && number(d, "\"replicas\"\\s*:\\s*(\\d+)\\s*,\\s*\"updatedReplicas\"") == n;
    }

    static long number(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static void cleanShoal(String api) throws Exception {
        send("DELETE", "http://" + api + "/apis/apps/v1/namespaces/default/deployments/" + SHOAL_APP, null, null, -1);
        send("DELETE", "http://" + api + "/api/v1/namespaces/default/services/" + SHOAL_APP, null, null, -1);
        awaitNoContainers("label=dev.shoal.pod.namespace=default");
    }

    // ---- helpers

    static String send(String method, String url, String contentType, String body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (expect > 0 && r.statusCode() != expect) throw new IllegalStateException(method + " " + url + ": " + r.statusCode() + " " + r.body());
        return r.body();
    }

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
