package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;

import java.util.List;

/**
 * Kubernetes' discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/apps/v1},
 * {@code /version}), derived from {@link ResourceType} so they can never disagree with what is served.
 * kubectl reads them to map kinds and short names to paths.
 */
public final class Discovery {
    /** The Kubernetes API level whose conventions Shoal follows; kubectl warns on a skew of more than one minor. */
    static final String KUBE_MAJOR = "1";
    static final String KUBE_MINOR = "32";
    private static final List<String> ALL_VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

    private Discovery() {}

    static ObjectNode version(String shoalVersion) {
        ObjectNode v = Json.object();
        v.put("major", KUBE_MAJOR);
        v.put("minor", KUBE_MINOR);
        v.put("gitVersion", "v" + KUBE_MAJOR + "." + KUBE_MINOR + ".0-shoal." + shoalVersion);
        v.put("gitCommit", "");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("compiler", "shoal");
        v.put("platform", System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));
        return v;
    }

    static ObjectNode coreVersions(String serverAddress) {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        o.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return o;
    }

    static ObjectNode groups() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (String name : List.of("apps", "discovery.k8s.io")) {
            ObjectNode g = groups.addObject();
            g.put("name", name);
            g.putArray("versions").addObject().put("groupVersion", name + "/v1").put("version", "v1");
            g.putObject("preferredVersion").put("groupVersion", name + "/v1").put("version", "v1");
        }
        return o;
    }

    /** The APIResourceList of one group/version ("" for core). */
    static ObjectNode resources(String group) {
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", group.isEmpty() ? "v1" : group + "/v1");
        ArrayNode list = o.putArray("resources");
        for (ResourceType t : ResourceType.values()) {
            if (!t.group().equals(group)) continue;
            ObjectNode r = list.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.kind().toLowerCase());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            if (t.computed()) verbs.add("get").add("list");  // computed when read: read-only, no watch
            else ALL_VERBS.forEach(verbs::add);
            ArrayNode shortNames = r.putArray("shortNames");
            t.shortNames().forEach(shortNames::add);
            if (ResourceApi.hasStatusSubresource(t)) {
                ObjectNode s = list.addObject();
                s.put("name", t.plural() + "/status");
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                s.put("kind", t.kind());
                s.putArray("verbs").add("get").add("patch").add("update");
            }
            if (t == ResourceType.POD) {
                ObjectNode s = list.addObject();
                s.put("name", "pods/log");
                s.put("singularName", "");
                s.put("namespaced", true);
                s.put("kind", "Pod");
                s.putArray("verbs").add("get");
                ObjectNode e = list.addObject();
                e.put("name", "pods/exec");
                e.put("singularName", "");
                e.put("namespaced", true);
                e.put("kind", "PodExecOptions");
                e.putArray("verbs").add("create").add("get");
            }
            if (ApiPath.scalable(t)) {
                ObjectNode s = list.addObject();
                s.put("name", t.plural() + "/scale");
                s.put("singularName", "");
                s.put("namespaced", true);
                s.put("group", "autoscaling");
                s.put("version", "v1");
                s.put("kind", "Scale");
                s.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return o;
    }
}
