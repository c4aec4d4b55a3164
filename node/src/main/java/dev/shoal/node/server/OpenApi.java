package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;

import java.util.List;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl fetches before it writes ({@code /openapi/v3} and one per
 * group/version). kubectl only needs to learn that each kind's PATCH accepts the
 * {@code fieldValidation} query parameter: then it leaves validation to the server (Shoal's
 * {@code Validator}) instead of downloading full schemas. So these documents list every path and
 * operation Shoal serves, derived from {@link ResourceType}, but carry no schemas.
 */
final class OpenApi {
    private static final String HASH = "shoal-" + dev.shoal.node.ShoalVersion.VERSION;

    private OpenApi() {}

    static ObjectNode root() {
        ObjectNode root = Json.object();
        ObjectNode paths = root.putObject("paths");
        paths.putObject("api/v1").put("serverRelativeURL", "/openapi/v3/api/v1?hash=" + HASH);
        paths.putObject("apis/apps/v1").put("serverRelativeURL", "/openapi/v3/apis/apps/v1?hash=" + HASH);
        paths.putObject("apis/discovery.k8s.io/v1").put("serverRelativeURL", "/openapi/v3/apis/discovery.k8s.io/v1?hash=" + HASH);
        return root;
    }

    /** The document for "api/v1" or "apis/apps/v1"; empty for any other group/version. */
    static Optional<ObjectNode> groupVersion(String gvPath) {
        String group;
        if (gvPath.equals("api/v1")) group = "";
        else if (gvPath.equals("apis/apps/v1")) group = "apps";
        else if (gvPath.equals("apis/discovery.k8s.io/v1")) group = "discovery.k8s.io";
        else return Optional.empty();
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Shoal").put("version", "v" + Discovery.KUBE_MAJOR + "." + Discovery.KUBE_MINOR);
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType t : ResourceType.values()) {
            if (!t.group().equals(group)) continue;
            String prefix = "/" + gvPath + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
            ObjectNode collection = paths.putObject(prefix);
            collection.set("get", operation(t, "list", List.of()));
            if (t.computed()) {
                paths.putObject(prefix + "/{name}").set("get", operation(t, "read", List.of()));
                continue;
            }
            collection.set("post", operation(t, "create", List.of("dryRun", "fieldManager", "fieldValidation")));
            ObjectNode item = paths.putObject(prefix + "/{name}");
            item.set("get", operation(t, "read", List.of()));
            item.set("put", operation(t, "replace", List.of("dryRun", "fieldManager", "fieldValidation")));
            item.set("patch", operation(t, "patch", List.of("dryRun", "fieldManager", "fieldValidation", "force")));
            item.set("delete", operation(t, "delete", List.of("dryRun", "propagationPolicy")));
        }
        return Optional.of(doc);
    }

    private static ObjectNode operation(ResourceType t, String action, List<String> queryParams) {
        ObjectNode op = Json.object();
        op.put("operationId", action + t.kind());
        op.put("x-kubernetes-action", action.equals("read") ? "get" : action);
        op.putObject("x-kubernetes-group-version-kind")
                .put("group", t.group()).put("version", t.version()).put("kind", t.kind());
        ArrayNode params = op.putArray("parameters");
        for (String p : queryParams) {
            params.addObject().put("name", p).put("in", "query").putObject("schema").put("type", "string");
        }
        op.putObject("responses").putObject("200").put("description", "OK");
        return op;
    }
}
