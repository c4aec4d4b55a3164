package dev.shoal.node.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * {@code shoal hello}: the demo workload. A tiny HTTP server, so a Deployment can be tried without
 * Docker: the process runtime runs this for the image {@code shoal/hello}. {@code GET /} says who
 * answered; {@code GET /healthz} is for probes.
 */
@Command(name = "hello", mixinStandardHelpOptions = true,
        description = "Serve a tiny hello-world HTTP server (the demo workload of image shoal/hello).")
public final class HelloCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Option(names = "--port", description = "port to listen on (default: $PORT, else 8080)")
    Integer port;

    @Option(names = "--bind", description = "address to listen on (default: $HOST, else 127.0.0.1)")
    String bind;

    @Option(names = "--message", description = "the version it reports (default: $HELLO_MESSAGE, else v1)")
    String message;

    public HelloCommand() {
        this(System.getenv());
    }

    HelloCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        int p = port != null ? port : Integer.parseInt(env.getOrDefault("PORT", "8080"));
        // loopback unless told: a demo server should not be reachable from the network by surprise
        String address = bind != null ? bind : env.getOrDefault("HOST", "127.0.0.1");
        String version = message != null ? message : env.getOrDefault("HELLO_MESSAGE", "v1");
        HttpServer server = serve(address, p, greeting(version, env));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);  // SIGTERM: no new connections; requests in flight get up to a second to finish
            stopped.countDown();
        }, "hello-shutdown"));
        System.out.println("hello listening on http://" + address + ":" + server.getAddress().getPort());
        stopped.await();
        return 0;
    }

    /** "hello from host (pod) version v1\n" */
    static String greeting(String version, Map<String, String> env) {
        String pod = Optional.ofNullable(env.get("POD_NAME")).orElse(Long.toString(ProcessHandle.current().pid()));
        return "hello from " + hostname(env) + " (" + pod + ") version " + version + "\n";
    }

    /** Starts the server on {@code port} (0: any free one) and returns it running. */
    public static HttpServer serve(String address, int port, String greeting) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/healthz")) reply(exchange, 200, "ok\n");
            else if (path.equals("/")) reply(exchange, 200, greeting);
            else reply(exchange, 404, "not found\n");
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "hello-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String hostname(Map<String, String> env) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return env.getOrDefault("HOSTNAME", "localhost");
        }
    }
}
