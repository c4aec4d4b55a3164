package dev.shoal.node.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Gives a Service its cluster IP (from the cluster IP range) and node ports (30000-32767), unique
 * in the cluster, as the Kubernetes API server does on create: a requested value is checked and
 * claimed, a missing one is picked at random among the free. Values stay the Service's until it
 * is deleted. Failures are 422s naming the field, with Kubernetes' messages.
 */
public final class ServiceAllocator {
    public static final int NODE_PORT_MIN = 30000;
    public static final int NODE_PORT_MAX = 32767;
    /** Random picks before falling back to a scan: with the range mostly free, the first pick wins. */
    private static final int RANDOM_TRIES = 32;

    private final Allocations allocations;
    private final Ipv4Range clusterIps;
    private final Random random;

    public ServiceAllocator(Allocations allocations, Ipv4Range clusterIps, Random random) {
        this.allocations = allocations;
        this.clusterIps = clusterIps;
        this.random = random;
    }

    public Ipv4Range clusterIpRange() {
        return clusterIps;
    }

    /** Claims what a new Service needs and writes it into {@code service}; all or nothing. */
    public void allocate(ObjectNode service) {
        List<String> claimed = new ArrayList<>();
        try {
            clusterIp(service, claimed);
            nodePorts(service, claimed);
        } catch (RuntimeException e) {
            claimed.forEach(v -> allocations.release(v, owner(service)));
            throw e;
        }
    }

    /**
     * An update: the cluster IP is immutable (checked by the API), but a Service that became
     * NodePort or LoadBalancer needs node ports, and one that stopped being so gives them back.
     */
    public void update(ObjectNode before, ObjectNode after) {
        List<String> claimed = new ArrayList<>();
        try {
            nodePorts(after, claimed);
        } catch (RuntimeException e) {
            claimed.forEach(v -> allocations.release(v, owner(after)));
            throw e;
        }
        List<String> kept = values(after);
        for (String v : values(before)) if (!kept.contains(v)) allocations.release(v, owner(before));
    }

    /** The Service is gone: its values are free again. */
    public void release(ObjectNode service) {
        for (String v : values(service)) allocations.release(v, owner(service));
    }

    private void clusterIp(ObjectNode service, List<String> claimed) {
        ObjectNode spec = (ObjectNode) service.get("spec");
        if ("ExternalName".equals(spec.path("type").asText())) return;
        String requested = spec.path("clusterIP").asText("");
        if (requested.equals("None")) {
            spec.putArray("clusterIPs").add("None");
            return;
        }
        String ip;
        if (!requested.isEmpty()) {
            if (!clusterIps.contains(requested)) {
                throw invalid(service, "spec.clusterIPs", "Invalid value: [\"" + requested + "\"]: failed to allocate IP "
                        + requested + ": provided IP is not in the valid range. The range of valid IPs is " + clusterIps);
            }
            if (requested.equals(clusterIps.dnsAddress())) {
                throw invalid(service, "spec.clusterIPs", "Invalid value: [\"" + requested + "\"]: failed to allocate IP "
                        + requested + ": provided IP is reserved for the cluster DNS");
            }
            if (!allocations.claim(ipKey(requested), owner(service))) {
                throw invalid(service, "spec.clusterIPs", "Invalid value: [\"" + requested + "\"]: failed to allocate IP "
                        + requested + ": provided IP is already allocated");
            }
            ip = requested;
        } else {
            String dns = clusterIps.dnsAddress();
            ip = pick(clusterIps.usable(), i -> clusterIps.address(i),
                    a -> !a.equals(dns) && allocations.claim(ipKey(a), owner(service)))
                    .orElseThrow(() -> new ApiException(500, "InternalError", "failed to allocate a cluster IP: the range "
                            + clusterIps + " is full", List.of(FieldCause.invalid("spec.clusterIP", "range full")), null));
        }
        claimed.add(ipKey(ip));
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
    }

    private void nodePorts(ObjectNode service, List<String> claimed) {
        ObjectNode spec = (ObjectNode) service.get("spec");
        String type = spec.path("type").asText("ClusterIP");
        boolean wanted = type.equals("NodePort") || type.equals("LoadBalancer");
        JsonNode ports = spec.path("ports");
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode p = (ObjectNode) ports.get(i);
            int requested = p.path("nodePort").asInt(0);
            if (!wanted) {
                p.remove("nodePort");
                continue;
            }
            if (requested != 0) {
                if (!allocations.claim(portKey(requested), owner(service))) {
                    throw invalid(service, "spec.ports[" + i + "].nodePort", "Invalid value: " + requested
                            + ": provided port is already allocated");
                }
                claimed.add(portKey(requested));
                continue;
            }
            int index = i;
            int range = NODE_PORT_MAX - NODE_PORT_MIN + 1;
            String picked = pick(range, k -> Integer.toString(NODE_PORT_MIN + (int) k),
                    port -> allocations.claim(portKey(Integer.parseInt(port)), owner(service)))
                    .orElseThrow(() -> invalid(service, "spec.ports[" + index + "].nodePort", "failed to allocate a node port: "
                            + NODE_PORT_MIN + "-" + NODE_PORT_MAX + " are all taken"));
            claimed.add(portKey(Integer.parseInt(picked)));
            p.put("nodePort", Integer.parseInt(picked));
        }
    }

    /** A random free value: a few random tries, then a scan from a random start so a nearly full range still works. */
    private java.util.Optional<String> pick(long size, java.util.function.LongFunction<String> value,
                                            java.util.function.Predicate<String> claim) {
        for (int t = 0; t < Math.min(RANDOM_TRIES, size); t++) {
            String v = value.apply(Math.floorMod(random.nextLong(), size));
            if (claim.test(v)) return java.util.Optional.of(v);
        }
        long start = Math.floorMod(random.nextLong(), size);
        for (long k = 0; k < size; k++) {
            String v = value.apply((start + k) % size);
            if (claim.test(v)) return java.util.Optional.of(v);
        }
        return java.util.Optional.empty();
    }

    /** Every value the Service holds. */
    private static List<String> values(ObjectNode service) {
        List<String> out = new ArrayList<>();
        JsonNode spec = service.path("spec");
        String ip = spec.path("clusterIP").asText("");
        if (!ip.isEmpty() && !ip.equals("None")) out.add(ipKey(ip));
        for (JsonNode p : spec.path("ports")) {
            if (p.path("nodePort").asInt(0) != 0) out.add(portKey(p.path("nodePort").asInt()));
        }
        return out;
    }

    private static String owner(ObjectNode service) {
        return "services/" + Meta.namespace(service) + "/" + Meta.name(service);
    }

    static String ipKey(String ip) {
        return "clusterip/" + ip;
    }

    static String portKey(int port) {
        return "nodeport/" + port;
    }

    private static ApiException invalid(ObjectNode service, String field, String message) {
        return ApiException.invalid(ResourceType.SERVICE, Meta.name(service), List.of(FieldCause.invalid(field, message)));
    }
}
