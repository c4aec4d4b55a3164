package dev.shoal.node.kubelet;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs one probe once. HTTP and TCP go to the pod's address and the host port published for the
 * probed container port: a host process listens on the node, not in a pod network.
 */
final class Prober {
    /** A probe's outcome, with what to say in the pod's status when it fails. */
    record Result(boolean success, String message) {
        static Result ok() {
            return new Result(true, "");
        }
    }

    /** The probed container instance: its id, its address, its published ports. */
    record Target(String containerId, String host, List<ContainerSpec.Port> ports) {}

    private final ContainerRuntime runtime;

    Prober(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    Result probe(Probe probe, Target target) {
        Duration timeout = Duration.ofSeconds(probe.timeoutSeconds());
        try {
            if (probe.action() instanceof Probe.HttpGet h) return httpGet(h, target, timeout);
            if (probe.action() instanceof Probe.TcpSocket t) return tcp(t, target, timeout);
            if (probe.action() instanceof Probe.Exec e) return exec(e, target, timeout);
            throw new IllegalStateException("unknown probe action " + probe.action());
        } catch (IOException | TimeoutException | IllegalArgumentException e) {
            return new Result(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Result httpGet(Probe.HttpGet h, Target target, Duration timeout) throws IOException {
        String host = h.host().isEmpty() ? target.host() : h.host();
        URI uri = URI.create(h.scheme().toLowerCase() + "://" + hostPart(host) + ":" + port(h.port(), target) + h.path());
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        try {
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setInstanceFollowRedirects(false);  // a redirect is itself a success
            c.setRequestProperty("User-Agent", "shoal-probe");
            h.headers().forEach(c::setRequestProperty);
            int code = c.getResponseCode();
            return code >= 200 && code < 400 ? Result.ok() : new Result(false, "HTTP probe failed with statuscode: " + code);
        } finally {
            c.disconnect();
        }
    }

    private static Result tcp(Probe.TcpSocket t, Target target, Duration timeout) throws IOException {
        String host = t.host().isEmpty() ? target.host() : t.host();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port(t.port(), target)), (int) timeout.toMillis());
            return Result.ok();
        }
    }

    private Result exec(Probe.Exec e, Target target, Duration timeout) throws IOException, TimeoutException {
        if (e.command().isEmpty()) return new Result(false, "exec probe has no command");
        int code = runtime.exec(target.containerId(), e.command(), timeout);
        return code == 0 ? Result.ok() : new Result(false, "command " + e.command() + " exited with " + code);
    }

    /**
     * The host port to probe: a named port's, or a numbered container port's published host port;
     * a number that is no published container port is taken as a host port.
     */
    static int port(String port, Target target) {
        for (ContainerSpec.Port p : target.ports()) {
            boolean matches = port.equals(p.name()) || port.equals(Integer.toString(p.containerPort()));
            if (matches) return p.hostPort() > 0 ? p.hostPort() : p.containerPort();
        }
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no container port named " + port);
        }
    }

    private static String hostPart(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
