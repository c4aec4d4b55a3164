package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import dev.shoal.api.table.Ages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of {@code shoal describe}: the same sections, labels and layout as kubectl's describers
 * for the kinds Shoal serves, so the muscle memory of reading them carries over. Pure.
 */
final class Describer {
    /** Go's RFC1123Z, which kubectl uses for timestamps in descriptions; always UTC here. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** What else was read about the object: events about it, and for a service, the pods it selects. */
    record Context(List<ObjectNode> events, List<ObjectNode> selectedPods) {}

    private Describer() {}

    static String describe(ResourceType type, ObjectNode obj, Context context, Instant now) {
        DescriptionWriter w = new DescriptionWriter();
        w.field(0, "Name", Meta.name(obj));
        if (type.namespaced()) w.field(0, "Namespace", Meta.namespace(obj));
        w.map(0, "Labels", Meta.labels(obj), "=");
        w.map(0, "Annotations", Meta.annotations(obj), ": ");
        w.field(0, "CreationTimestamp", timestamp(text(obj, "metadata", "creationTimestamp")));
        switch (type) {
            case DEPLOYMENT -> deployment(w, obj);
            case REPLICASET -> replicaSet(w, obj);
            case POD -> pod(w, obj);
            case SERVICE -> service(w, obj, context.selectedPods());
            case NODE -> node(w, obj);
            case NAMESPACE -> w.field(0, "Status", text(obj, "status", "phase"));
            case EVENT -> event(w, obj);
        }
        events(w, context.events(), now);
        return w.render();
    }

    private static void deployment(DescriptionWriter w, ObjectNode d) {
        long desired = d.path("spec").has("replicas") ? d.path("spec").path("replicas").asLong() : 1;
        JsonNode status = d.path("status");
        w.field(0, "Selector", selector(d.path("spec").path("selector")));
        w.field(0, "Replicas", desired + " desired | " + status.path("updatedReplicas").asLong() + " updated | "
                + status.path("replicas").asLong() + " total | " + status.path("availableReplicas").asLong() + " available | "
                + status.path("unavailableReplicas").asLong() + " unavailable");
        String strategy = text(d, "spec", "strategy", "type");
        if (strategy.isEmpty()) strategy = "RollingUpdate";
        w.field(0, "StrategyType", strategy);
        w.field(0, "MinReadySeconds", d.path("spec").path("minReadySeconds").asLong());
        if (strategy.equals("RollingUpdate")) {
            JsonNode ru = d.path("spec").path("strategy").path("rollingUpdate");
            w.field(0, "RollingUpdateStrategy", ru.path("maxUnavailable").asText("25%") + " max unavailable, "
                    + ru.path("maxSurge").asText("25%") + " max surge");
        }
        podTemplate(w, d.path("spec").path("template"));
        conditions(w, d.path("status").path("conditions"), false);
    }

    private static void replicaSet(DescriptionWriter w, ObjectNode rs) {
        long desired = rs.path("spec").has("replicas") ? rs.path("spec").path("replicas").asLong() : 1;
        w.field(0, "Selector", selector(rs.path("spec").path("selector")));
        controlledBy(w, rs);
        w.field(0, "Replicas", rs.path("status").path("replicas").asLong() + " current / " + desired + " desired");
        podTemplate(w, rs.path("spec").path("template"));
        conditions(w, rs.path("status").path("conditions"), false);
    }

    private static void pod(DescriptionWriter w, ObjectNode pod) {
        String node = text(pod, "spec", "nodeName");
        String hostIp = text(pod, "status", "hostIP");
        w.field(0, "Node", node.isEmpty() ? "<none>" : hostIp.isEmpty() ? node : node + "/" + hostIp);
        // Why it went where it went (the winning bid and the runners-up), or why it is Pending.
        String placement = Meta.annotations(pod).getOrDefault("shoal.dev/placement", "");
        if (!placement.isEmpty()) w.field(0, "Placement", placement);
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("PodScheduled") && c.path("status").asText().equals("False")) {
                w.field(0, "Unschedulable", c.path("message").asText(""));
            }
        }
        w.field(0, "Start Time", timestamp(text(pod, "status", "startTime")));
        w.field(0, "Status", Meta.isDeleting(pod) ? "Terminating" : text(pod, "status", "phase"));
        if (!text(pod, "status", "reason").isEmpty()) w.field(0, "Reason", text(pod, "status", "reason"));
        if (!text(pod, "status", "message").isEmpty()) w.field(0, "Message", text(pod, "status", "message"));
        w.field(0, "IP", text(pod, "status", "podIP"));
        controlledBy(w, pod);
        Map<String, JsonNode> statuses = new TreeMap<>();
        pod.path("status").path("containerStatuses").forEach(s -> statuses.put(s.path("name").asText(), s));
        w.line(0, "Containers:");
        for (JsonNode c : pod.path("spec").path("containers")) {
            w.line(1, c.path("name").asText() + ":");
            containerSpec(w, 2, c);
            JsonNode s = statuses.get(c.path("name").asText());
            if (s != null) {
                containerState(w, "State", s.path("state"));
                if (!s.path("lastState").isEmpty()) containerState(w, "Last State", s.path("lastState"));
                w.field(2, "Ready", s.path("ready").asBoolean() ? "True" : "False");
                w.field(2, "Restart Count", s.path("restartCount").asLong());
            }
        }
        conditions(w, pod.path("status").path("conditions"), true);
    }

    private static void containerState(DescriptionWriter w, String label, JsonNode state) {
        if (state.has("running")) {
            w.field(2, label, "Running");
            w.field(3, "Started", timestamp(state.path("running").path("startedAt").asText("")));
        } else if (state.has("waiting")) {
            w.field(2, label, "Waiting");
            w.field(3, "Reason", state.path("waiting").path("reason").asText(""));
            // kubectl leaves the message to events; without kubelet events the message is the explanation
            String message = state.path("waiting").path("message").asText("");
            if (!message.isEmpty()) w.field(3, "Message", message);
        } else if (state.has("terminated")) {
            JsonNode t = state.path("terminated");
            w.field(2, label, "Terminated");
            w.field(3, "Reason", t.path("reason").asText(""));
            w.field(3, "Exit Code", t.path("exitCode").asLong());
            if (!t.path("message").asText("").isEmpty()) w.field(3, "Message", t.path("message").asText());
            w.field(3, "Started", timestamp(t.path("startedAt").asText("")));
            w.field(3, "Finished", timestamp(t.path("finishedAt").asText("")));
        } else {
            w.field(2, label, "Waiting");
        }
    }

    private static void service(DescriptionWriter w, ObjectNode svc, List<ObjectNode> pods) {
        JsonNode spec = svc.path("spec");
        w.field(0, "Selector", labels(spec.path("selector")));
        w.field(0, "Type", spec.path("type").asText("ClusterIP"));
        w.field(0, "IP", spec.path("clusterIP").asText(""));
        List<String> external = new ArrayList<>();
        spec.path("externalIPs").forEach(ip -> external.add(ip.asText()));
        if (!external.isEmpty()) w.field(0, "External IPs", String.join(",", external));
        for (JsonNode p : spec.path("ports")) {
            String name = p.path("name").asText("<unset>");
            String protocol = p.path("protocol").asText("TCP");
            w.line(0, "Port:", name + "  " + p.path("port").asLong() + "/" + protocol);
            JsonNode target = p.has("targetPort") ? p.path("targetPort") : p.path("port");
            w.line(0, "TargetPort:", target.asText() + "/" + protocol);
            if (p.path("nodePort").asLong() != 0) w.line(0, "NodePort:", name + "  " + p.path("nodePort").asLong() + "/" + protocol);
            w.field(0, "Endpoints", endpoints(target, pods));
        }
    }

    /** podIP:port of the ready pods, resolving a named target port in each pod's containers. */
    private static String endpoints(JsonNode targetPort, List<ObjectNode> pods) {
        List<String> out = new ArrayList<>();
        for (ObjectNode pod : pods) {
            String ip = text(pod, "status", "podIP");
            if (ip.isEmpty() || !conditionTrue(pod, "Ready") || Meta.isDeleting(pod)) continue;
            String port = targetPort.isNumber() ? targetPort.asText() : namedPort(pod, targetPort.asText());
            if (port != null) out.add(ip + ":" + port);
        }
        return String.join(",", out);
    }

    private static String namedPort(ObjectNode pod, String name) {
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (p.path("name").asText("").equals(name)) return p.path("containerPort").asText();
            }
        }
        return name.matches("\\d+") ? name : null;
    }

    private static void node(DescriptionWriter w, ObjectNode node) {
        w.field(0, "Unschedulable", node.path("spec").path("unschedulable").asBoolean());
        JsonNode conditions = node.path("status").path("conditions");
        if (conditions.isEmpty()) {
            w.field(0, "Conditions", "");
        } else {
            w.line(0, "Conditions:");
            w.line(1, "Type", "Status", "LastHeartbeatTime", "Reason", "Message");
            w.line(1, "----", "------", "-----------------", "------", "-------");
            for (JsonNode c : conditions) {
                w.line(1, c.path("type").asText(), c.path("status").asText(), timestamp(c.path("lastHeartbeatTime").asText("")),
                        c.path("reason").asText(""), c.path("message").asText(""));
            }
        }
        w.line(0, "Addresses:");
        for (JsonNode a : node.path("status").path("addresses")) w.line(1, a.path("type").asText() + ":", a.path("address").asText());
        resources(w, "Capacity", node.path("status").path("capacity"));
        resources(w, "Allocatable", node.path("status").path("allocatable"));
        JsonNode info = node.path("status").path("nodeInfo");
        w.line(0, "System Info:");
        w.field(1, "Kernel Version", info.path("kernelVersion").asText(""));
        w.field(1, "OS Image", info.path("osImage").asText(""));
        w.field(1, "Container Runtime Version", info.path("containerRuntimeVersion").asText(""));
        w.field(1, "Kubelet Version", info.path("kubeletVersion").asText(""));
    }

    private static void resources(DescriptionWriter w, String label, JsonNode resources) {
        if (resources.isEmpty()) {
            w.field(0, label, "");
            return;
        }
        w.line(0, label + ":");
        resources.fields().forEachRemaining(e -> w.line(1, e.getKey() + ":", e.getValue().asText()));
    }

    private static void event(DescriptionWriter w, ObjectNode e) {
        w.field(0, "Type", e.path("type").asText(""));
        w.field(0, "Reason", e.path("reason").asText(""));
        w.field(0, "Object", e.path("involvedObject").path("kind").asText("").toLowerCase(Locale.ROOT) + "/"
                + e.path("involvedObject").path("name").asText(""));
        w.field(0, "Message", e.path("message").asText("").strip());
        w.field(0, "Count", Math.max(1, e.path("count").asLong()));
    }

    private static void podTemplate(DescriptionWriter w, JsonNode template) {
        w.line(0, "Pod Template:");
        w.map(1, "Labels", Meta.stringMap(template.path("metadata"), "labels"), "=");
        w.line(1, "Containers:");
        for (JsonNode c : template.path("spec").path("containers")) {
            w.line(2, c.path("name").asText() + ":");
            containerSpec(w, 3, c);
        }
    }

    private static void containerSpec(DescriptionWriter w, int level, JsonNode c) {
        w.field(level, "Image", c.path("image").asText(""));
        List<String> ports = new ArrayList<>();
        List<String> hostPorts = new ArrayList<>();
        for (JsonNode p : c.path("ports")) {
            String protocol = p.path("protocol").asText("TCP");
            ports.add(p.path("containerPort").asLong() + "/" + protocol);
            if (p.path("hostPort").asLong() != 0) hostPorts.add(p.path("hostPort").asLong() + "/" + protocol);
        }
        w.field(level, "Port", String.join(", ", ports));
        if (!hostPorts.isEmpty()) w.field(level, "Host Port", String.join(", ", hostPorts));
        List<String> command = new ArrayList<>();
        c.path("command").forEach(a -> command.add(a.asText()));
        c.path("args").forEach(a -> command.add(a.asText()));
        if (!command.isEmpty()) w.field(level, "Command", String.join(" ", command));
        JsonNode env = c.path("env");
        if (env.isEmpty()) {
            w.field(level, "Environment", "");
        } else {
            w.line(level, "Environment:");
            for (JsonNode e : env) {
                String value = e.has("value") ? e.path("value").asText() : "<set from " + e.path("valueFrom").fieldNames().next() + ">";
                w.line(level + 1, e.path("name").asText() + ":", value);
            }
        }
    }

    private static void conditions(DescriptionWriter w, JsonNode conditions, boolean statusOnly) {
        if (conditions.isEmpty()) return;
        w.line(0, "Conditions:");
        w.line(1, statusOnly ? new String[] {"Type", "Status"} : new String[] {"Type", "Status", "Reason"});
        w.line(1, statusOnly ? new String[] {"----", "------"} : new String[] {"----", "------", "------"});
        for (JsonNode c : conditions) {
            if (statusOnly) w.line(1, c.path("type").asText(), c.path("status").asText());
            else w.line(1, c.path("type").asText(), c.path("status").asText(), c.path("reason").asText(""));
        }
    }

    private static void controlledBy(DescriptionWriter w, ObjectNode obj) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean()) w.field(0, "Controlled By", ref.path("kind").asText() + "/" + ref.path("name").asText());
        }
    }

    /** The events table, oldest first; "x4 over 10m" when an event repeated, as kubectl shows it. */
    private static void events(DescriptionWriter w, List<ObjectNode> events, Instant now) {
        if (events.isEmpty()) {
            w.field(0, "Events", "");
            return;
        }
        List<ObjectNode> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(Describer::lastSeen));
        w.line(0, "Events:");
        w.line(1, "Type", "Reason", "Age", "From", "Message");
        w.line(1, "----", "------", "----", "----", "-------");
        for (ObjectNode e : sorted) {
            long count = Math.max(1, e.path("count").asLong());
            String age = Ages.since(lastSeen(e), now);
            if (count > 1) age += " (x" + count + " over " + Ages.since(firstSeen(e), now) + ")";
            String from = text(e, "source", "component");
            if (from.isEmpty()) from = text(e, "reportingComponent");
            w.line(1, text(e, "type"), text(e, "reason"), age, from, text(e, "message").strip());
        }
    }

    private static String firstSeen(ObjectNode e) {
        return !text(e, "firstTimestamp").isEmpty() ? text(e, "firstTimestamp") : text(e, "eventTime");
    }

    private static String lastSeen(ObjectNode e) {
        return !text(e, "lastTimestamp").isEmpty() ? text(e, "lastTimestamp") : firstSeen(e);
    }

    private static boolean conditionTrue(ObjectNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type) && c.path("status").asText().equals("True")) return true;
        }
        return false;
    }

    /** A label map as "a=1,b=2", sorted by key: also the syntax of a label selector. */
    static String labels(JsonNode map) {
        Map<String, String> sorted = new TreeMap<>();
        map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    private static String selector(JsonNode selector) {
        List<String> parts = new ArrayList<>();
        if (!labels(selector.path("matchLabels")).isEmpty()) parts.add(labels(selector.path("matchLabels")));
        for (JsonNode e : selector.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            parts.add(e.path("key").asText() + " " + e.path("operator").asText().toLowerCase(Locale.ROOT) + " (" + String.join(",", values) + ")");
        }
        return String.join(",", parts);
    }

    private static String timestamp(String rfc3339) {
        if (rfc3339.isEmpty()) return "";
        try {
            return TIMESTAMP.format(Instant.parse(rfc3339));
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }

    private static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) n = n.path(p);
        return n.isValueNode() ? n.asText() : "";
    }
}
