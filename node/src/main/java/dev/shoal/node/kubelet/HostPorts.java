package dev.shoal.node.kubelet;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's host ports, shared by the pods on it: a host process has no network namespace, so
 * every published container port needs a port of its own on the node's address.
 *
 * <p>A port the pod asks for explicitly ({@code hostPort}) is checked free with a bind test; the
 * others get one from {@link Range}. Ports belong to the pod, not the container instance: a
 * restarted container gets its port back, so a restart does not move the pod's endpoint.
 * Released when the pod goes.
 *
 * <p>Thread-safe.
 */
public final class HostPorts {
    /**
     * The ports handed out when a pod asks for none. Not 30000-32767, Kubernetes' NodePort range:
     * a kind/minikube/k3s cluster on the same machine binds there, and Shoal's own NodePorts will
     * too. 40000-49999 is clear of common dev servers (3000, 5432, 8080, 9090...). It does lie in
     * Linux's ephemeral range (32768-60999), so an outgoing connection may hold a port: hence the
     * bind test on every allocation, not only on explicit requests.
     */
    public record Range(int first, int last) {
        public static final Range DEFAULT = new Range(40000, 49999);

        public Range {
            if (first < 1 || last > 65535 || first > last) throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }

        int size() {
            return last - first + 1;
        }
    }

    /** A container port to publish; {@code hostPort} 0 means "any". */
    public record Request(String container, String name, int containerPort, int hostPort, String protocol) {}

    /** A published port, as in the pod's {@code status.hostPorts}. */
    public record Assigned(String container, String name, int containerPort, int hostPort, String protocol) {}

    /** An explicit host port is taken, or the range is exhausted. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    private final InetAddress address;
    private final Range range;
    private final Map<String, List<Assigned>> byPod = new HashMap<>();
    /**
     * Where the next search starts: rotating, so a port just freed is the last to be handed out
     * again (a proxy or client may still point at the pod that had it).
     */
    private int cursor;

    public HostPorts(InetAddress address, Range range) {
        this.address = address;
        this.range = range;
        this.cursor = range.first;
    }

    /** Ports for every request of the pod, all or none; the pod's existing ports if it has them. */
    public synchronized List<Assigned> allocate(String podUid, List<Request> requests) throws Unavailable {
        List<Assigned> existing = byPod.get(podUid);
        if (existing != null) return existing;
        List<Assigned> out = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        for (Request r : requests) {
            if (r.hostPort() > 0) {
                if (held(r.hostPort()) || taken.contains(r.hostPort()) || !bindable(r.hostPort(), r.protocol())) {
                    throw new Unavailable("host port " + r.hostPort() + "/" + r.protocol() + " on " + address.getHostAddress()
                            + " (container " + r.container() + ") is in use");
                }
                taken.add(r.hostPort());
                out.add(new Assigned(r.container(), r.name(), r.containerPort(), r.hostPort(), r.protocol()));
            }
        }
        for (Request r : requests) {
            if (r.hostPort() > 0) continue;
            int port = findFree(r.protocol(), taken);
            taken.add(port);
            out.add(new Assigned(r.container(), r.name(), r.containerPort(), port, r.protocol()));
        }
        byPod.put(podUid, List.copyOf(out));
        return byPod.get(podUid);
    }

    /** Records ports a running (adopted) pod already holds: no bind test, its process has them bound. */
    public synchronized void reserve(String podUid, List<Assigned> ports) {
        byPod.put(podUid, List.copyOf(ports));
    }

    public synchronized void release(String podUid) {
        byPod.remove(podUid);
    }

    public synchronized List<Assigned> of(String podUid) {
        return byPod.getOrDefault(podUid, List.of());
    }

    private int findFree(String protocol, List<Integer> taken) throws Unavailable {
        for (int i = 0; i < range.size(); i++) {
            int port = cursor;
            cursor = cursor == range.last ? range.first : cursor + 1;
            if (!held(port) && !taken.contains(port) && bindable(port, protocol)) return port;
        }
        throw new Unavailable("no free host port in " + range.first + "-" + range.last + " on " + address.getHostAddress());
    }

    private boolean held(int port) {
        return byPod.values().stream().flatMap(List::stream).anyMatch(a -> a.hostPort() == port);
    }

    private boolean bindable(int port, String protocol) {
        try {
            if ("UDP".equalsIgnoreCase(protocol)) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, port))) {
                    return true;
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(address, port));
                return true;
            }
        } catch (IOException inUse) {
            return false;
        }
    }
}
