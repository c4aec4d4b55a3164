package dev.shoal.node.kubelet;

import dev.shoal.node.controller.PodConditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;

import java.time.Instant;
import java.util.List;

/**
 * The pod's {@code status} as this node observes it. Pure, and deterministic to the second, so
 * the status of an idle pod compares equal to what is stored and costs no write.
 */
final class PodStatusBuilder {
    private PodStatusBuilder() {}

    static ObjectNode build(PodView pod, JsonNode previous, List<ContainerStatus> containers,
                            List<HostPorts.Assigned> ports, String hostIP, Instant now) {
        ObjectNode status = Json.object();
        String phase = advance(previous.path("phase").asText("Pending"), phase(pod.restartPolicy(), containers));
        status.put("phase", phase);
        ArrayNode list = status.putArray("conditions");
        for (JsonNode c : previous.path("conditions")) list.add(c.deepCopy());  // keeps the scheduler's PodScheduled
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        List<String> unready = containers.stream().filter(c -> !c.ready()).map(ContainerStatus::name).toList();
        String readyValue = !terminal && unready.isEmpty() ? "True" : "False";
        String reason = terminal ? KubeletReasons.POD_COMPLETED : unready.isEmpty() ? "" : KubeletReasons.CONTAINERS_NOT_READY;
        String message = !terminal && !unready.isEmpty()
                ? "containers with unready status: [" + String.join(" ", unready) + "]" : "";
        setCondition(list, "PodScheduled", "True", "", "", now, true);
        setCondition(list, "Initialized", "True", "", "", now, false);
        setCondition(list, "ContainersReady", readyValue, reason, message, now, false);
        setCondition(list, "Ready", readyValue, reason, message, now, false);
        status.put("hostIP", hostIP);
        status.putArray("hostIPs").addObject().put("ip", hostIP);
        status.put("podIP", hostIP);  // host processes share the node's address
        status.putArray("podIPs").addObject().put("ip", hostIP);
        status.put("startTime", previous.path("startTime").asText(ContainerStatus.time(now)));
        ArrayNode published = status.putArray("hostPorts");
        for (HostPorts.Assigned p : ports) {
            ObjectNode o = published.addObject().put("containerPort", p.containerPort()).put("hostPort", p.hostPort());
            if (!p.name().isEmpty()) o.put("name", p.name());
            o.put("protocol", p.protocol());
        }
        ArrayNode statuses = status.putArray("containerStatuses");
        containers.forEach(c -> statuses.add(c.toJson()));
        return status;
    }

    /**
     * Kubernetes' getPhase: Pending while a container has not started yet; Running while any
     * runs or will be restarted; once all have exited for good, Succeeded if all exited 0.
     */
    static String phase(RestartPolicy policy, List<ContainerStatus> containers) {
        int waiting = 0, running = 0, stopped = 0, succeeded = 0;
        for (ContainerStatus c : containers) {
            if (c.state() instanceof ContainerStatus.Running) {
                running++;
            } else if (c.state() instanceof ContainerStatus.Terminated t) {
                stopped++;
                if (t.exitCode() == 0) succeeded++;
            } else if (c.lastState().isPresent()) {
                stopped++;  // waiting to restart: it has run
            } else {
                waiting++;
            }
        }
        if (waiting > 0) return "Pending";
        if (running > 0) return "Running";
        if (stopped == 0) return "Pending";
        if (policy == RestartPolicy.ALWAYS) return "Running";
        if (stopped == succeeded) return "Succeeded";
        if (policy == RestartPolicy.NEVER) return "Failed";
        return "Running";  // OnFailure: the failed ones will be restarted
    }

    /** Phases only move forward: Pending, Running, then Succeeded or Failed for good. */
    static String advance(String previous, String next) {
        if (previous.equals("Succeeded") || previous.equals("Failed")) return previous;
        if (previous.equals("Running") && next.equals("Pending")) return previous;
        return next;
    }

    /** Sets one condition, keeping lastTransitionTime while its status is unchanged. */
    private static void setCondition(ArrayNode list, String type, String value, String reason, String message,
                                     Instant now, boolean keepExisting) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            if (!c.path("type").asText().equals(type)) continue;
            if (keepExisting && c.path("status").asText().equals(value)) return;
            String transition = c.path("status").asText().equals(value)
                    ? c.path("lastTransitionTime").asText(ContainerStatus.time(now)) : ContainerStatus.time(now);
            list.set(i, PodConditions.condition(type, value, reason, message, transition));
            return;
        }
        list.add(PodConditions.condition(type, value, reason, message, ContainerStatus.time(now)));
    }
}
