package dev.shoal.chaos;

import dev.shoal.node.it.AgentProcess;
import dev.shoal.node.it.Await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client writing its own keys (namespaces named {@code c<id>-k<n>}, the value in an
 * annotation) one operation at a time, through one agent, moving on to the next agent after any
 * failure, as the CLI does. Each key has one writer, so the order of its operations is the order
 * they were invoked, and {@link Checks#acknowledgedWritesLost} can say what its final value may be.
 */
final class Writer implements Runnable {
    static final String ANNOTATION = "chaos.shoal.dev/value";
    static final int KEYS = 64;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final int id;
    private final History history;
    private final List<AgentProcess> agents;
    private final Random random;
    private final AtomicBoolean running;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int via;
    private int seq;
    /** Agents in a row that refused the connection; a full round of them means every agent is down. */
    private int refusedInARow;

    Writer(int id, History history, List<AgentProcess> agents, long seed, AtomicBoolean running) {
        this.id = id;
        this.history = history;
        this.agents = agents;
        this.random = new Random(seed);
        this.running = running;
        this.via = id % agents.size();
    }

    static String key(int client, int k) {
        return "c" + client + "-k" + k;
    }

    @Override
    public void run() {
        while (running.get()) {
            String key = key(id, random.nextInt(KEYS));
            int roll = random.nextInt(10);
            String value = "c" + id + "s" + (++seq);
            if (roll < 4) write("create", key, value);
            else if (roll < 8) write("update", key, value);
            else write("delete", key, "");
        }
    }

    private void write(String f, String key, String value) {
        AgentProcess agent = agents.get(via);
        history.add(id, History.Kind.INVOKE, f, key, value, agent.name(), "");
        HttpRequest.Builder req = HttpRequest.newBuilder().timeout(TIMEOUT);
        String base = agent.baseUrl() + "/api/v1/namespaces";
        switch (f) {
            case "create" -> req.uri(URI.create(base)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + key
                                    + "\",\"annotations\":{\"" + ANNOTATION + "\":\"" + value + "\"}}}"));
            case "update" -> req.uri(URI.create(base + "/" + key)).header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + value + "\"}}}"));
            default -> req.uri(URI.create(base + "/" + key)).DELETE();
        }
        History.Kind outcome;
        String detail;
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            detail = Integer.toString(r.statusCode());
            // 4xx and the 503 a minority answers with are refusals: nothing was written
            if (r.statusCode() < 300) outcome = History.Kind.OK;
            else if (r.statusCode() < 500 || r.statusCode() == 503 && r.body().contains("ServiceUnavailable")) outcome = History.Kind.FAIL;
            else outcome = History.Kind.INFO;
        } catch (java.net.ConnectException e) {
            outcome = History.Kind.FAIL;  // refused before anything was sent: nothing applied
            detail = "ConnectException";
        } catch (java.io.IOException e) {
            outcome = History.Kind.INFO;  // sent, maybe applied, no answer
            detail = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            history.add(id, History.Kind.INFO, f, key, value, agent.name(), "interrupted");
            return;
        }
        history.add(id, outcome, f, key, value, agent.name(), detail);
        refusedInARow = detail.equals("ConnectException") ? refusedInARow + 1 : 0;
        if (refusedInARow >= agents.size()) backOff();
        if (outcome != History.Kind.OK && !(outcome == History.Kind.FAIL && (detail.equals("404") || detail.equals("409")))) {
            via = (via + 1) % agents.size();  // fail over, as the CLI does
        }
    }

    /**
     * Every agent refused the connection (a stop-all, say): wait until one accepts connections
     * again (or the scenario ends) instead of recording thousands of refusals a second.
     */
    private void backOff() {
        Await.until(Duration.ofMinutes(5), "an agent accepting connections again",
                () -> !running.get() || agents.stream().anyMatch(Writer::accepting));
    }

    private static boolean accepting(AgentProcess agent) {
        String server = agent.server();
        int colon = server.lastIndexOf(':');
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))), 200);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
