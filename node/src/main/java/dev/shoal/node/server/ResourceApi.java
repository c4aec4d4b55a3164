package dev.shoal.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.Names;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.api.codec.ManifestCodec;
import dev.shoal.api.defaults.Defaulter;
import dev.shoal.api.patch.Patches;
import dev.shoal.api.selector.FieldSelector;
import dev.shoal.api.selector.LabelSelector;
import dev.shoal.api.validation.PrivilegedFields;
import dev.shoal.api.validation.ValidationResult;
import dev.shoal.api.validation.Validator;
import dev.shoal.membership.StateStore;
import dev.shoal.node.services.ServiceAllocator;
import dev.shoal.node.services.ServiceEndpoints;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Kubernetes REST semantics for the stored kinds: create, get, list, replace, patch, delete and
 * the {@code status} and {@code scale} subresources. Transport-free: takes parsed requests, returns
 * {@link ApiResponse}s, throws {@link ApiException} for every refusal. Blocking: call off the event loop.
 *
 * <p>Who writes what (after swarmkit's task model): users write {@code spec} and metadata through
 * the main resource; controllers and nodes write {@code status} through the status subresource.
 * So a replace or patch of the main resource keeps the stored status, and a status write keeps
 * the stored spec.
 */
public final class ResourceApi {
    private final StateStore store;
    private final NamespaceCache namespaces;
    private final Random random = new SecureRandom();

    /** Null on a node that serves no Services' addresses (tests of other kinds); Services then keep what they ask for. */
    private final ServiceAllocator services;

    public ResourceApi(StateStore store) {
        this(store, null);
    }

    public ResourceApi(StateStore store, ServiceAllocator services) {
        this.store = store;
        this.namespaces = new NamespaceCache(store);
        this.services = services;
    }

    public ApiResponse get(ApiPath path) {
        if (path.type() == ResourceType.ENDPOINTS) return ApiResponse.ok(endpoints(path));
        if (path.type() == ResourceType.ENDPOINTSLICE) {
            return ApiResponse.ok(endpointSlices(path.namespace()).stream().filter(s -> Meta.name(s).equals(path.name()))
                    .findFirst().orElseThrow(() -> ApiException.notFound(key(path))));
        }
        ObjectNode obj = store.get(key(path)).orElseThrow(() -> ApiException.notFound(key(path)));
        return ApiResponse.ok(path.subresource().equals("scale") ? Scale.of(obj) : obj);
    }

    public StateStore.ListResult list(ApiPath path, Query query) {
        Predicate<ObjectNode> filter = filter(query);
        if (path.type() == ResourceType.ENDPOINTSLICE) {
            List<ObjectNode> items = endpointSlices(path.namespace()).stream().filter(filter).toList();
            return new StateStore.ListResult(items, 0);
        }
        if (path.type() == ResourceType.ENDPOINTS) {
            StateStore.ListResult pods = store.list(ResourceType.POD, path.namespace(), p -> true);
            List<ObjectNode> items = new ArrayList<>();
            for (ObjectNode svc : store.list(ResourceType.SERVICE, path.namespace(), s -> true).items()) {
                List<ObjectNode> inNamespace = pods.items().stream().filter(p -> Meta.namespace(p).equals(Meta.namespace(svc))).toList();
                ObjectNode ep = ServiceEndpoints.endpointsObject(svc, inNamespace);
                if (filter.test(ep)) items.add(ep);
            }
            return new StateStore.ListResult(items, pods.resourceVersion());
        }
        return store.list(path.type(), path.namespace(), filter);
    }

    /**
     * A Service's Endpoints, computed from the Service and the pods it selects when asked: no
     * controller has to keep a copy in step, so it is never stale and never contended.
     */
    private ObjectNode endpoints(ApiPath path) {
        ObjectKey service = new ObjectKey(ResourceType.SERVICE, path.namespace(), path.name());
        ObjectNode svc = store.get(service).orElseThrow(() -> ApiException.notFound(key(path)));
        return ServiceEndpoints.endpointsObject(svc, store.list(ResourceType.POD, path.namespace(), p -> true).items());
    }

    /** Every Service's EndpointSlices in the namespace ("" for all). */
    private List<ObjectNode> endpointSlices(String namespace) {
        List<ObjectNode> pods = store.list(ResourceType.POD, namespace, p -> true).items();
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode svc : store.list(ResourceType.SERVICE, namespace, s -> true).items()) {
            out.addAll(ServiceEndpoints.endpointSlices(svc, pods.stream().filter(p -> Meta.namespace(p).equals(Meta.namespace(svc))).toList()));
        }
        return out;
    }

    private static void refuseComputed(ApiPath path, String verb) {
        if (path.type().computed()) {
            throw new ApiException(405, "MethodNotAllowed", path.type().plural() + " are computed from Services and Pods in Shoal and cannot be "
                    + "written (" + verb + " " + path.type().qualifiedResource() + "); change the Service or its pods instead",
                    List.of(), null);
        }
    }

    /** The label and field selectors of a list or watch, as one predicate. */
    static Predicate<ObjectNode> filter(Query query) {
        LabelSelector labels = LabelSelector.parse(query.get("labelSelector"));
        FieldSelector fields = FieldSelector.parse(query.get("fieldSelector"));
        return o -> labels.matches(Meta.labels(o)) && fields.matches(o);
    }

    public static ObjectNode listBody(ResourceType type, StateStore.ListResult result) {
        ObjectNode list = Json.object();
        list.put("kind", type.kind() + "List");
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(result.resourceVersion()));
        ArrayNode items = list.putArray("items");
        for (ObjectNode o : result.items()) {
            ObjectNode item = o.deepCopy();
            // Kubernetes omits kind and apiVersion on list items; kubectl puts them back, so keep them.
            items.add(item);
        }
        return list;
    }

    /**
     * Who asks for a write, as far as the API's own rules care (authorization proper is done before).
     * @param clusterAdmin may set the {@link PrivilegedFields}
     */
    public record Requester(String user, boolean clusterAdmin) {
        /** Shoal itself and in-process tests: every write allowed. */
        public static final Requester SYSTEM = new Requester("system:shoal", true);
    }

    public ApiResponse create(ApiPath path, byte[] body, String contentType, Query query) {
        return create(path, body, contentType, query, Requester.SYSTEM);
    }

    public ApiResponse replace(ApiPath path, byte[] body, String contentType, Query query) {
        return replace(path, body, contentType, query, Requester.SYSTEM);
    }

    public ApiResponse patch(ApiPath path, byte[] body, String contentType, Query query) {
        return patch(path, body, contentType, query, Requester.SYSTEM);
    }

    /**
     * Privileged settings (host namespaces, hostPath, privileged containers, extra capabilities)
     * are for cluster-admins: anyone else gets a 403 naming each field. On an update only what the
     * write adds counts, so an editor can still scale or re-label a workload an admin made privileged.
     */
    private static void checkPrivileges(ApiPath path, Requester requester, ObjectNode current, ObjectNode next) {
        if (requester.clusterAdmin()) return;
        List<String> fields = new ArrayList<>(PrivilegedFields.find(path.type(), next));
        if (current != null) fields.removeAll(PrivilegedFields.find(path.type(), current));
        if (fields.isEmpty()) return;
        List<FieldCause> causes = fields.stream().map(f -> new FieldCause("FieldValueForbidden",
                "privileged settings need cluster-admin", f.substring(0, f.indexOf('=')))).toList();
        String name = Meta.name(next);
        throw new ApiException(403, "Forbidden", path.type().qualifiedResource() + (name.isEmpty() ? "" : " \"" + name + "\"")
                + " is forbidden: User \"" + requester.user() + "\" cannot set " + String.join(", ", fields)
                + ": privileged workloads (privileged containers, host namespaces, hostPath volumes, capabilities beyond"
                + " the baseline) need cluster-admin", causes, name.isEmpty() ? null : new ObjectKey(path.type(), Meta.namespace(next), name));
    }

    public ApiResponse create(ApiPath path, byte[] body, String contentType, Query query, Requester requester) {
        if (!path.isCollection()) throw methodNotAllowed("POST", path);
        refuseComputed(path, "POST");
        ObjectNode obj = ManifestCodec.decodeOne(body, contentType);
        checkKind(path, obj);
        ObjectNode meta = Meta.metadata(obj);
        if (path.type().namespaced()) {
            String ns = Meta.namespace(obj);
            if (ns.isEmpty()) meta.put("namespace", path.namespace());
            else if (!ns.equals(path.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object (" + ns
                                + ") does not match the namespace sent on the request (" + path.namespace() + ")",
                        FieldCause.invalid("metadata.namespace", "does not match the request's namespace"));
            }
        } else {
            meta.remove("namespace");
        }
        if (Meta.name(obj).isEmpty() && !Meta.text(meta, "generateName").isEmpty()) {
            meta.put("name", Meta.text(meta, "generateName") + Names.generateSuffix(random));
        }
        prepareForCreate(path.type(), obj);
        Defaulter.apply(path.type(), obj);
        ValidationResult validation = Validator.validate(path.type(), obj);
        validation.throwIfInvalid(path.type(), Meta.name(obj));
        checkPrivileges(path, requester, null, obj);
        requireNamespace(path.type(), Meta.namespace(obj));
        if (query.isDryRun()) return ApiResponse.created(obj, validation.warnings());
        boolean allocates = path.type() == ResourceType.SERVICE && services != null;
        if (allocates) services.allocate(obj);
        try {
            return ApiResponse.created(store.create(path.type(), obj), validation.warnings());
        } catch (RuntimeException e) {
            if (allocates) services.release(obj);  // the name was taken, or no majority: the addresses are not in use
            throw e;
        }
    }

    public ApiResponse replace(ApiPath path, byte[] body, String contentType, Query query, Requester requester) {
        if (path.isCollection()) throw methodNotAllowed("PUT", path);
        refuseComputed(path, "PUT");
        JsonNode decoded = ManifestCodec.decodeOne(body, contentType);
        if (path.subresource().equals("scale")) {
            int replicas = Scale.requestedReplicas(decoded);
            String rv = Meta.text(decoded.path("metadata"), "resourceVersion");
            ObjectNode updated = store.update(key(path), current -> {
                if (!rv.isEmpty() && !rv.equals(Meta.resourceVersion(current))) throw staleWrite(key(path));
                ObjectNode next = current.deepCopy();
                ((ObjectNode) next.get("spec")).put("replicas", replicas);
                return next;
            });
            return ApiResponse.ok(Scale.of(updated));
        }
        ObjectNode obj = (ObjectNode) decoded;
        checkKind(path, obj);
        checkIdentity(path, obj);
        Defaulter.apply(path.type(), obj);
        ValidationResult validation = Validator.validate(path.type(), obj);
        validation.throwIfInvalid(path.type(), Meta.name(obj));
        String rv = Meta.resourceVersion(obj);
        ObjectNode stored = store.update(key(path), current -> {
            if (!rv.isEmpty() && !rv.equals(Meta.resourceVersion(current))) throw staleWrite(key(path));
            ObjectNode next = mergeByWriter(path, current, obj);
            checkImmutable(path.type(), current, next);
            checkPrivileges(path, requester, current, next);
            allocateOnUpdate(path, current, next);
            return next;
        });
        return new ApiResponse(200, stored, validation.warnings());
    }

    public ApiResponse patch(ApiPath path, byte[] body, String contentType, Query query, Requester requester) {
        if (path.isCollection()) throw methodNotAllowed("PATCH", path);
        refuseComputed(path, "PATCH");
        PatchType patchType = PatchType.of(contentType);
        JsonNode patch = patchType == PatchType.JSON_PATCH ? jsonPatchOps(body) : ManifestCodec.decodeOne(body, "application/json");
        List<String> warnings = new ArrayList<>();
        ObjectNode stored = store.update(key(path), current -> {
            if (path.subresource().equals("scale")) {
                ObjectNode scale = patchType.apply(ResourceType.DEPLOYMENT, Scale.of(current), patch, true);
                ObjectNode next = current.deepCopy();
                ((ObjectNode) next.get("spec")).put("replicas", Scale.requestedReplicas(scale));
                return next;
            }
            ObjectNode patched = patchType.apply(path.type(), current, patch, false);
            String patchedRv = Meta.resourceVersion(patched);
            if (!patchedRv.isEmpty() && !patchedRv.equals(Meta.resourceVersion(current))) throw staleWrite(key(path));
            checkIdentity(path, patched);
            ObjectNode next = mergeByWriter(path, current, patched);
            Defaulter.apply(path.type(), next);
            ValidationResult validation = Validator.validate(path.type(), next);
            validation.throwIfInvalid(path.type(), path.name());
            checkImmutable(path.type(), current, next);
            checkPrivileges(path, requester, current, next);
            allocateOnUpdate(path, current, next);
            warnings.clear();
            warnings.addAll(validation.warnings());
            return next;
        });
        ObjectNode out = path.subresource().equals("scale") ? Scale.of(stored) : stored;
        return new ApiResponse(200, out, warnings);
    }

    public ApiResponse delete(ApiPath path, byte[] body, Query query) {
        if (path.isCollection()) throw methodNotAllowed("DELETE", path);
        refuseComputed(path, "DELETE");
        if (!path.subresource().isEmpty()) throw methodNotAllowed("DELETE", path);
        String expectedRv = "";
        String expectedUid = "";
        String policy = query.get("propagationPolicy");
        if (body != null && body.length > 0) {
            JsonNode options = ManifestCodec.decodeOne(body, "application/json");
            expectedRv = Meta.text(options.path("preconditions"), "resourceVersion");
            expectedUid = Meta.text(options.path("preconditions"), "uid");
            if (!Meta.text(options, "propagationPolicy").isEmpty()) policy = Meta.text(options, "propagationPolicy");
        }
        if (!policy.isEmpty() && !List.of("Background", "Foreground", "Orphan").contains(policy)) {
            throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + policy + "\"",
                    FieldCause.notSupported("propagationPolicy", "supported values: \"Background\", \"Foreground\", \"Orphan\""));
        }
        if (path.type() == ResourceType.NAMESPACE && path.name().equals("default")) {
            throw new ApiException(403, "Forbidden", "namespaces \"default\" is forbidden: this namespace may not be deleted",
                    List.of(), key(path));
        }
        if (!expectedUid.isEmpty()) expectedRv = checkUid(path, expectedUid, expectedRv);
        if (query.isDryRun()) return get(path);
        if (policy.equals("Orphan")) orphanDependents(path);
        ObjectNode deleted = store.delete(key(path), expectedRv);
        if (path.type() == ResourceType.SERVICE && services != null) services.release(deleted);
        ResourceType t = path.type();
        return ApiResponse.ok(StatusBodies.success(t.plural(), t.group(), path.name(), Meta.uid(deleted)));
    }

    /**
     * {@code preconditions.uid}: the delete is of this incarnation of the name only (Kubernetes'
     * 409 when it is another). Returns the resourceVersion the delete must then find, so that a
     * replacement between this check and the delete fails it too.
     */
    private String checkUid(ApiPath path, String expectedUid, String expectedRv) {
        ObjectNode current = store.get(key(path)).orElseThrow(() -> ApiException.notFound(key(path)));
        if (!expectedUid.equals(Meta.uid(current))) {
            throw ApiException.conflict(key(path), "Precondition failed: UID in precondition: " + expectedUid
                    + ", UID in object meta: " + Meta.uid(current));
        }
        return expectedRv.isEmpty() ? Meta.resourceVersion(current) : expectedRv;
    }

    /**
     * {@code propagationPolicy: Orphan}: the dependents lose their owner reference before the owner
     * goes, so the garbage collector leaves them alone (Kubernetes does this with the orphan finalizer).
     */
    private void orphanDependents(ApiPath path) {
        ResourceType dependents = switch (path.type()) {
            case DEPLOYMENT -> ResourceType.REPLICASET;
            case REPLICASET -> ResourceType.POD;
            default -> null;
        };
        if (dependents == null) return;
        String ownerUid = store.get(key(path)).map(Meta::uid).orElse("");
        if (ownerUid.isEmpty()) return;
        for (ObjectNode d : store.list(dependents, path.namespace(), o -> hasOwner(o, ownerUid)).items()) {
            store.update(Meta.key(dependents, d), cur -> {
                ObjectNode next = cur.deepCopy();
                ArrayNode refs = Meta.metadata(next).withArray("ownerReferences");
                for (int i = refs.size() - 1; i >= 0; i--) {
                    if (ownerUid.equals(refs.get(i).path("uid").asText())) refs.remove(i);
                }
                if (refs.isEmpty()) Meta.metadata(next).remove("ownerReferences");
                return next;
            });
        }
    }

    private static boolean hasOwner(ObjectNode obj, String uid) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (uid.equals(ref.path("uid").asText())) return true;
        }
        return false;
    }

    /** A JSON patch is an array of operations, not an object. */
    private static JsonNode jsonPatchOps(byte[] body) {
        return ManifestCodec.decodeJsonPatch(body);
    }

    /** Status is the controllers' and nodes' to write; spec and metadata the user's. */
    private static ObjectNode mergeByWriter(ApiPath path, ObjectNode current, ObjectNode incoming) {
        ObjectNode next;
        if (path.subresource().equals("status")) {
            next = current.deepCopy();
            JsonNode status = incoming.get("status");
            if (status == null) next.remove("status");
            else next.set("status", status);
        } else {
            next = incoming.deepCopy();
            if (hasStatusSubresource(path.type())) {
                JsonNode status = current.get("status");
                if (status == null) next.remove("status");
                else next.set("status", status);
            }
        }
        // Carry the identity the store owns; the store refuses stale versions itself.
        ObjectNode meta = Meta.metadata(next);
        meta.put("resourceVersion", Meta.resourceVersion(current));
        return next;
    }

    static boolean hasStatusSubresource(ResourceType type) {
        return type != ResourceType.EVENT && !type.computed();
    }

    private static void prepareForCreate(ResourceType type, ObjectNode obj) {
        switch (type) {
            case DEPLOYMENT, REPLICASET -> obj.remove("status");
            case POD -> obj.putObject("status").put("phase", "Pending");
            case SERVICE -> obj.putObject("status").putObject("loadBalancer");
            case NAMESPACE -> obj.putObject("status").put("phase", "Active");
            default -> { }
        }
        JsonNode spec = obj.get("spec");
        if ((type == ResourceType.DEPLOYMENT || type == ResourceType.REPLICASET) && spec instanceof ObjectNode s
                && !s.has("replicas")) {
            s.put("replicas", 1);  // Kubernetes' default
        }
    }

    private void requireNamespace(ResourceType type, String namespace) {
        if (!type.namespaced()) return;
        if (!namespaces.exists(namespace)) throw ApiException.notFound(new ObjectKey(ResourceType.NAMESPACE, "", namespace));
    }

    private static void checkKind(ApiPath path, JsonNode obj) {
        ResourceType bodyType = ManifestCodec.typeOf(obj);
        if (bodyType != path.type()) {
            throw ApiException.badRequest("the body is a " + bodyType.kind() + " (" + bodyType.apiVersion()
                            + ") but the request is for " + path.type().qualifiedResource(),
                    FieldCause.invalid("kind", "does not match the request path"));
        }
    }

    private static void checkIdentity(ApiPath path, ObjectNode obj) {
        String name = Meta.name(obj);
        if (!name.equals(path.name())) {
            throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + path.name() + ")", FieldCause.invalid("metadata.name", "does not match the name on the URL"));
        }
        if (path.type().namespaced()) {
            String ns = Meta.namespace(obj);
            if (ns.isEmpty()) Meta.metadata(obj).put("namespace", path.namespace());
            else if (!ns.equals(path.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object (" + ns
                                + ") does not match the namespace sent on the request (" + path.namespace() + ")",
                        FieldCause.invalid("metadata.namespace", "does not match the request's namespace"));
            }
        }
    }

    /** apps/v1 selectors are immutable: changing one would orphan every running pod. */
    private static void checkImmutable(ResourceType type, ObjectNode current, ObjectNode next) {
        if (type == ResourceType.DEPLOYMENT || type == ResourceType.REPLICASET) {
            JsonNode before = current.path("spec").path("selector");
            JsonNode after = next.path("spec").path("selector");
            if (!before.equals(after)) {
                throw ApiException.invalid(type, Meta.name(current),
                        List.of(FieldCause.invalid("spec.selector", "Invalid value: " + after + ": field is immutable")));
            }
        }
        if (type == ResourceType.SERVICE) {
            String before = Meta.text(current.path("spec"), "clusterIP");
            String after = Meta.text(next.path("spec"), "clusterIP");
            if (!before.isEmpty() && !after.isEmpty() && !before.equals(after)) {
                throw ApiException.invalid(type, Meta.name(current),
                        List.of(FieldCause.invalid("spec.clusterIP", "Invalid value: \"" + after + "\": field is immutable")));
            }
            if (!before.isEmpty() && after.isEmpty()) {
                ((ObjectNode) next.path("spec")).put("clusterIP", before);
                if (current.path("spec").has("clusterIPs")) ((ObjectNode) next.path("spec")).set("clusterIPs", current.path("spec").get("clusterIPs"));
            }
        }
    }

    /**
     * A Service update keeps the node ports it was given where the manifest names none (as
     * Kubernetes does, so re-applying a manifest does not move them), and claims or frees node
     * ports when its type changes. Idempotent, as the store may run the update function again.
     */
    private void allocateOnUpdate(ApiPath path, ObjectNode current, ObjectNode next) {
        if (path.type() != ResourceType.SERVICE || services == null || !path.subresource().isEmpty()) return;
        JsonNode before = current.path("spec").path("ports");
        for (JsonNode p : next.path("spec").path("ports")) {
            if (p.path("nodePort").asInt(0) != 0) continue;
            for (JsonNode old : before) {
                boolean same = old.path("port").asInt() == p.path("port").asInt()
                        && old.path("protocol").asText("TCP").equals(p.path("protocol").asText("TCP"));
                if (same && old.path("nodePort").asInt(0) != 0) ((ObjectNode) p).put("nodePort", old.path("nodePort").asInt());
            }
        }
        services.update(current, next);
    }

    private static ApiException staleWrite(ObjectKey key) {
        return ApiException.conflict(key, "the object has been modified; please apply your changes to the latest version and try again");
    }

    private static ApiException methodNotAllowed(String verb, ApiPath path) {
        return new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource ("
                + verb + " " + path.type().qualifiedResource() + ")", List.of(), null);
    }

    private static ObjectKey key(ApiPath path) {
        return new ObjectKey(path.type(), path.namespace(), path.name());
    }

    /** The four patch formats Kubernetes accepts, chosen by Content-Type. */
    enum PatchType {
        JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH;

        static PatchType of(String contentType) {
            String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            int semi = ct.indexOf(';');
            if (semi >= 0) ct = ct.substring(0, semi);
            return switch (ct.trim()) {
                case "application/json-patch+json" -> JSON_PATCH;
                case "application/merge-patch+json" -> MERGE_PATCH;
                case "application/strategic-merge-patch+json" -> STRATEGIC_MERGE_PATCH;
                default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json",
                        List.of(), null);
            };
        }

        ObjectNode apply(ResourceType type, ObjectNode target, JsonNode patch, boolean plainObject) {
            return switch (this) {
                case JSON_PATCH -> Patches.jsonPatch(target, patch);
                case MERGE_PATCH -> Patches.jsonMergePatch(target, patch);
                // A Scale has no merge keys, so a strategic patch of it is a merge patch.
                case STRATEGIC_MERGE_PATCH -> plainObject ? Patches.jsonMergePatch(target, patch)
                        : Patches.strategicMergePatch(type, target, patch);
            };
        }
    }

}
