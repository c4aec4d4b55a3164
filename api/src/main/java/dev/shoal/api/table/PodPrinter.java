package dev.shoal.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

import static dev.shoal.api.table.Fields.at;
import static dev.shoal.api.table.Fields.list;
import static dev.shoal.api.table.Fields.number;
import static dev.shoal.api.table.Fields.orNone;
import static dev.shoal.api.table.Fields.text;

/** kubectl's pod columns; STATUS follows kubectl's {@code printPod} so the same pod reads the same. */
final class PodPrinter implements KindPrinter {
    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.of("Ready", "The number of ready containers out of the pod's containers."),
            Column.of("Status", "The pod's phase, or the reason it is not running."),
            Column.of("Restarts", "Container restarts, and how long ago the last one was."),
            Column.age(),
            Column.of("IP", "The pod's IP address (status.podIP).").wide(),
            Column.of("Node", "The node the pod was placed on (spec.nodeName).").wide(),
            Column.of("Host Ports", "Where the pod's container ports are published on its node (status.hostPorts).").wide(),
            Column.of("Nominated Node", "The node the pod is nominated to after a preemption.").wide(),
            Column.of("Readiness Gates", "Readiness gates that are true, out of spec.readinessGates.").wide());

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pod, List<Column> columns, Instant now) {
        Summary s = summarize(pod);
        String restarts = s.lastRestart.isEmpty()
                ? Long.toString(s.restarts)
                : s.restarts + " (" + Ages.since(s.lastRestart, now) + " ago)";
        return List.of(
                text(pod, "metadata", "name"),
                s.ready + "/" + list(pod, "spec", "containers").size(),
                s.reason,
                restarts,
                Fields.age(pod, now),
                orNone(text(pod, "status", "podIP")),
                orNone(text(pod, "spec", "nodeName")),
                orNone(hostPorts(pod)),
                orNone(text(pod, "status", "nominatedNodeName")),
                readinessGates(pod));
    }

    /** "127.0.0.2:40001->8080/TCP,...": Shoal publishes container ports on the node, so this is how to reach a pod. */
    private static String hostPorts(ObjectNode pod) {
        List<String> out = new java.util.ArrayList<>();
        String host = text(pod, "status", "hostIP");
        for (JsonNode p : list(pod, "status", "hostPorts")) {
            String protocol = text(p, "protocol").isEmpty() ? "TCP" : text(p, "protocol");
            out.add((host.isEmpty() ? "" : host + ":") + number(p, "hostPort") + "->" + number(p, "containerPort") + "/" + protocol);
        }
        return String.join(",", out);
    }

    record Summary(String reason, long restarts, int ready, String lastRestart) {}

    /** The status word kubectl shows: the most specific reason a container gives, else the phase. */
    static Summary summarize(ObjectNode pod) {
        String reason = text(pod, "status", "phase");
        if (!text(pod, "status", "reason").isEmpty()) reason = text(pod, "status", "reason");
        long restarts = 0;
        int ready = 0;
        String lastRestart = "";

        boolean initializing = false;
        List<JsonNode> inits = list(pod, "status", "initContainerStatuses");
        for (int i = 0; i < inits.size(); i++) {
            JsonNode c = inits.get(i);
            restarts += number(c, "restartCount");
            JsonNode terminated = at(c, "state", "terminated");
            JsonNode waiting = at(c, "state", "waiting");
            if (!terminated.isMissingNode() && number(terminated, "exitCode") == 0) continue;
            if (!terminated.isMissingNode()) {
                reason = text(terminated, "reason").isEmpty()
                        ? (number(terminated, "signal") != 0 ? "Init:Signal:" + number(terminated, "signal")
                        : "Init:ExitCode:" + number(terminated, "exitCode"))
                        : "Init:" + text(terminated, "reason");
            } else if (!text(waiting, "reason").isEmpty() && !text(waiting, "reason").equals("PodInitializing")) {
                reason = "Init:" + text(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + list(pod, "spec", "initContainers").size();
            }
            initializing = true;
            break;
        }
        if (!initializing) {
            restarts = 0;
            boolean hasRunning = false;
            List<JsonNode> containers = list(pod, "status", "containerStatuses");
            for (int i = containers.size() - 1; i >= 0; i--) {
                JsonNode c = containers.get(i);
                restarts += number(c, "restartCount");
                String finished = text(c, "lastState", "terminated", "finishedAt");
                if (finished.compareTo(lastRestart) > 0) lastRestart = finished; // RFC 3339 UTC sorts as text
                JsonNode terminated = at(c, "state", "terminated");
                if (!text(c, "state", "waiting", "reason").isEmpty()) {
                    reason = text(c, "state", "waiting", "reason");
                } else if (!text(terminated, "reason").isEmpty()) {
                    reason = text(terminated, "reason");
                } else if (!terminated.isMissingNode()) {
                    reason = number(terminated, "signal") != 0
                            ? "Signal:" + number(terminated, "signal")
                            : "ExitCode:" + number(terminated, "exitCode");
                } else if (at(c, "ready").asBoolean() && !at(c, "state", "running").isMissingNode()) {
                    hasRunning = true;
                    ready++;
                }
            }
            // a pod whose restarted container is up again is running, not "Completed"
            if (reason.equals("Completed") && hasRunning) reason = podReady(pod) ? "Running" : "NotReady";
        }
        if (!text(pod, "metadata", "deletionTimestamp").isEmpty()) {
            reason = text(pod, "status", "reason").equals("NodeLost") ? "Unknown" : "Terminating";
        }
        return new Summary(reason, restarts, ready, lastRestart);
    }

    private static boolean podReady(ObjectNode pod) {
        return list(pod, "status", "conditions").stream()
                .anyMatch(c -> text(c, "type").equals("Ready") && text(c, "status").equals("True"));
    }

    private static String readinessGates(ObjectNode pod) {
        List<JsonNode> gates = list(pod, "spec", "readinessGates");
        if (gates.isEmpty()) return Fields.NONE;
        long met = gates.stream().filter(g -> list(pod, "status", "conditions").stream().anyMatch(
                c -> text(c, "type").equals(text(g, "conditionType")) && text(c, "status").equals("True"))).count();
        return met + "/" + gates.size();
    }
}
