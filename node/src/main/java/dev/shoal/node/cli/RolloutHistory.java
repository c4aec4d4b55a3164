package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;

import java.util.Map;
import java.util.NavigableMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A Deployment's revisions: its ReplicaSets (found by its selector, kept only if it owns them) keyed
 * by their {@code deployment.kubernetes.io/revision} annotation, and how kubectl prints them.
 */
final class RolloutHistory {
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    /** The label the controller adds to each ReplicaSet's template; not part of the user's template. */
    static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private RolloutHistory() {}

    /** GET the ReplicaSets matching the Deployment's selector and keep those it owns, by revision. */
    static NavigableMap<Long, ObjectNode> fetch(ApiClient client, String namespace, ObjectNode deployment) {
        String path = ResourcePaths.collection(ResourceType.REPLICASET, namespace)
                + ResourcePaths.query("labelSelector", selector(deployment));
        return revisions(deployment, client.get(path));
    }

    /** "app=web,tier=front" from {@code spec.selector.matchLabels}, sorted by key as kubectl does. */
    static String selector(JsonNode deployment) {
        StringJoiner s = new StringJoiner(",");
        new TreeMap<>(Meta.stringMap(deployment.path("spec").path("selector"), "matchLabels"))
                .forEach((k, v) -> s.add(k + "=" + v));
        return s.toString();
    }

    static NavigableMap<Long, ObjectNode> revisions(ObjectNode deployment, JsonNode replicaSetList) {
        String uid = Meta.uid(deployment);
        NavigableMap<Long, ObjectNode> out = new TreeMap<>();
        for (JsonNode rs : replicaSetList.path("items")) {
            if (!(rs instanceof ObjectNode o) || !ownedBy(o, uid)) continue;
            try {
                out.put(Long.parseLong(Meta.annotations(o).getOrDefault(REVISION, "")), o);
            } catch (NumberFormatException e) {
                // no revision yet: not part of the history
            }
        }
        return out;
    }

    private static boolean ownedBy(ObjectNode rs, String uid) {
        for (JsonNode ref : rs.path("metadata").path("ownerReferences")) {
            if (!uid.isEmpty() && uid.equals(ref.path("uid").asText())) return true;
        }
        return false;
    }

    /** kubectl's table: REVISION and CHANGE-CAUSE, columns two spaces apart, with a closing blank line. */
    static String table(NavigableMap<Long, ObjectNode> revisions) {
        if (revisions.isEmpty()) return "No rollout history found.\n";
        int width = "REVISION".length();
        for (long r : revisions.keySet()) width = Math.max(width, Long.toString(r).length());
        String row = "%-" + (width + 2) + "s%s\n";
        StringBuilder b = new StringBuilder(String.format(row, "REVISION", "CHANGE-CAUSE"));
        revisions.forEach((r, rs) -> {
            String cause = Meta.annotations(rs).getOrDefault(CHANGE_CAUSE, "");
            b.append(String.format(row, r, cause.isEmpty() ? "<none>" : cause));
        });
        return b.toString();
    }

    /** A revision's pod template, in the shape of kubectl's "Pod Template:" description. */
    static String template(ObjectNode replicaSet) {
        JsonNode template = replicaSet.path("spec").path("template");
        StringBuilder b = new StringBuilder("Pod Template:\n");
        map(b, "  Labels:", Meta.stringMap(template.path("metadata"), "labels"));
        Map<String, String> annotations = Meta.stringMap(template.path("metadata"), "annotations");
        if (!annotations.isEmpty()) map(b, "  Annotations:", annotations);
        b.append("  Containers:\n");
        for (JsonNode c : template.path("spec").path("containers")) {
            b.append("   ").append(c.path("name").asText()).append(":\n");
            b.append("    Image:        ").append(c.path("image").asText()).append('\n');
            for (JsonNode p : c.path("ports")) {
                b.append("    Port:         ").append(p.path("containerPort").asText())
                        .append('/').append(p.path("protocol").asText("TCP")).append('\n');
            }
        }
        return b.toString();
    }

    private static void map(StringBuilder b, String heading, Map<String, String> values) {
        String pad = " ".repeat(16 - heading.length());
        if (values.isEmpty()) {
            b.append(heading).append(pad).append("<none>\n");
            return;
        }
        boolean first = true;
        for (var e : new TreeMap<>(values).entrySet()) {
            b.append(first ? heading + pad : " ".repeat(16)).append(e.getKey()).append('=').append(e.getValue()).append('\n');
            first = false;
        }
    }
}
