package dev.shoal.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ResourceType;

/**
 * Kubernetes' defaulting: the values the API server fills in when a manifest leaves them out,
 * so that what {@code get -o yaml} shows, what controllers read and what {@code describe} prints
 * match Kubernetes. Applied to every write before validation; idempotent. Mutates its argument.
 */
public final class Defaulter {
    /** Kubernetes' rolling-update default for both maxSurge and maxUnavailable. */
    static final String DEFAULT_ROLLING_PERCENT = "25%";
    static final int DEFAULT_REVISION_HISTORY_LIMIT = 10;
    static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
    static final int DEFAULT_TERMINATION_GRACE_SECONDS = 30;

    private Defaulter() {}

    public static void apply(ResourceType type, ObjectNode obj) {
        switch (type) {
            case DEPLOYMENT -> deployment(obj);
            case REPLICASET -> replicaSet(obj);
            case POD -> {
                if (obj.get("spec") instanceof ObjectNode spec) podSpec(spec);
            }
            case SERVICE -> {
                if (obj.get("spec") instanceof ObjectNode spec) service(spec);
            }
            default -> { }
        }
    }

    private static void deployment(ObjectNode obj) {
        if (!(obj.get("spec") instanceof ObjectNode spec)) return;
        putIfAbsent(spec, "replicas", 1);
        ObjectNode strategy = object(spec, "strategy");
        if (!strategy.has("type")) strategy.put("type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode rolling = object(strategy, "rollingUpdate");
            if (!rolling.has("maxUnavailable")) rolling.put("maxUnavailable", DEFAULT_ROLLING_PERCENT);
            if (!rolling.has("maxSurge")) rolling.put("maxSurge", DEFAULT_ROLLING_PERCENT);
        }
        putIfAbsent(spec, "revisionHistoryLimit", DEFAULT_REVISION_HISTORY_LIMIT);
        putIfAbsent(spec, "progressDeadlineSeconds", DEFAULT_PROGRESS_DEADLINE_SECONDS);
        template(spec);
    }

    private static void replicaSet(ObjectNode obj) {
        if (!(obj.get("spec") instanceof ObjectNode spec)) return;
        putIfAbsent(spec, "replicas", 1);
        template(spec);
    }

    private static void template(ObjectNode spec) {
        if (spec.get("template") instanceof ObjectNode t && t.get("spec") instanceof ObjectNode podSpec) podSpec(podSpec);
    }

    static void podSpec(ObjectNode spec) {
        if (!spec.has("restartPolicy")) spec.put("restartPolicy", "Always");
        putIfAbsent(spec, "terminationGracePeriodSeconds", DEFAULT_TERMINATION_GRACE_SECONDS);
        if (!spec.has("dnsPolicy")) spec.put("dnsPolicy", "ClusterFirst");
        if (!spec.has("schedulerName")) spec.put("schedulerName", "default-scheduler");
        for (String list : new String[]{"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) container(container);
            }
        }
    }

    private static void container(ObjectNode c) {
        if (!c.has("imagePullPolicy")) c.put("imagePullPolicy", pullPolicyFor(c.path("image").asText()));
        if (!c.has("terminationMessagePath")) c.put("terminationMessagePath", "/dev/termination-log");
        if (!c.has("terminationMessagePolicy")) c.put("terminationMessagePolicy", "File");
        for (JsonNode p : c.path("ports")) {
            if (p instanceof ObjectNode port && !port.has("protocol")) port.put("protocol", "TCP");
        }
        for (String probe : new String[]{"livenessProbe", "readinessProbe", "startupProbe"}) {
            if (c.get(probe) instanceof ObjectNode pr) probe(pr);
        }
    }

    private static void probe(ObjectNode probe) {
        putIfAbsent(probe, "timeoutSeconds", 1);
        putIfAbsent(probe, "periodSeconds", 10);
        putIfAbsent(probe, "successThreshold", 1);
        putIfAbsent(probe, "failureThreshold", 3);
        if (probe.get("httpGet") instanceof ObjectNode http && !http.has("scheme")) http.put("scheme", "HTTP");
        if (probe.get("httpGet") instanceof ObjectNode http && !http.has("path")) http.put("path", "/");
    }

    /** Kubernetes: "Always" for an image without a tag or tagged :latest, else "IfNotPresent". */
    static String pullPolicyFor(String image) {
        if (image.contains("@")) return "IfNotPresent";
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        if (!tagged || image.substring(colon + 1).equals("latest")) return "Always";
        return "IfNotPresent";
    }

    private static void service(ObjectNode spec) {
        if (!spec.has("type")) spec.put("type", "ClusterIP");
        if (!spec.has("sessionAffinity")) spec.put("sessionAffinity", "None");
        for (JsonNode p : spec.path("ports")) {
            if (!(p instanceof ObjectNode port)) continue;
            if (!port.has("protocol")) port.put("protocol", "TCP");
            if (!port.has("targetPort") && port.has("port")) port.set("targetPort", port.get("port"));
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        if (parent.get(field) instanceof ObjectNode o) return o;
        return parent.putObject(field);
    }

    private static void putIfAbsent(ObjectNode node, String field, int value) {
        if (!node.has(field) || node.get(field).isNull()) node.put(field, value);
    }
}
