package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.membership.internal.WriteResult.Outcome;

/**
 * The rules of a write, as a pure function of the stored value and the request: Kubernetes'
 * create / update / delete semantics for the fields the store owns ({@code uid},
 * {@code resourceVersion}, {@code creationTimestamp}, {@code generation}).
 * {@link WriteProcessor} applies the decision on the partition owner (and on each backup).
 */
final class ObjectWrites {

    /**
     * @param result   what to answer the caller
     * @param newValue what to store, or null to leave the entry as it is
     */
    record Decision(WriteResult result, StoredObject newValue) {
        static Decision refuse(Outcome outcome, StoredObject current) {
            return new Decision(WriteResult.of(outcome, current), null);
        }
    }

    private ObjectWrites() {}

    static Decision decide(StoredObject current, Write write) {
        if (isReplay(current, write)) {
            return new Decision(new WriteResult(Outcome.UNCHANGED, current.json(), current.resourceVersion()), null);
        }
        if (write instanceof Write.Create c) return create(current, c);
        if (write instanceof Write.Replace r) return replace(current, r);
        if (write instanceof Write.Delete d) return delete(current, d);
        throw new IllegalArgumentException("unknown write: " + write);
    }

    private static Decision create(StoredObject current, Write.Create c) {
        if (current != null && current.isLive()) return Decision.refuse(Outcome.ALREADY_EXISTS, current);
        if (raced(current, c)) return Decision.refuse(Outcome.RESOURCE_VERSION_RACE, current);

        ObjectNode object = StoredObject.liveTree(c.json());
        ObjectNode meta = Meta.metadata(object);
        meta.put("uid", c.uid());
        meta.put("creationTimestamp", c.creationTimestamp());
        meta.put("resourceVersion", Long.toString(c.resourceVersion()));
        if (hasSpec(object)) meta.put("generation", 1L);
        else meta.remove("generation");
        return written(object, StoredObject.live(object, c.resourceVersion()), current);
    }

    private static Decision replace(StoredObject current, Write.Replace r) {
        if (current == null || !current.isLive()) return Decision.refuse(Outcome.NOT_FOUND, current);
        if (r.expectedResourceVersion() != 0 && r.expectedResourceVersion() != current.resourceVersion())
            return Decision.refuse(Outcome.CONFLICT, current);

        ObjectNode stored = current.object();
        ObjectNode object = StoredObject.liveTree(r.json());
        ObjectNode meta = Meta.metadata(object);
        copyField(stored, meta, "uid");
        copyField(stored, meta, "creationTimestamp");
        meta.put("resourceVersion", stored.path("metadata").path("resourceVersion").asText());
        long generation = Meta.generation(stored);
        if (hasSpec(object)) {
            boolean specChanged = !withoutMetadataAndStatus(object).equals(withoutMetadataAndStatus(stored));
            meta.put("generation", generation == 0 ? 1 : specChanged ? generation + 1 : generation);
        } else {
            meta.remove("generation");
        }
        // Re-read the tree as it will be stored: Jackson's number nodes compare by type
        // (IntNode 1 != LongNode 1), and the stored tree came from parsing JSON.
        object = StoredObject.liveTree(StoredObject.write(object));
        meta = Meta.metadata(object);
        if (comparable(object).equals(comparable(stored)))
            return new Decision(new WriteResult(Outcome.UNCHANGED, current.json(), current.resourceVersion()), null);
        if (raced(current, r)) return Decision.refuse(Outcome.RESOURCE_VERSION_RACE, current);

        meta.put("resourceVersion", Long.toString(r.resourceVersion()));
        return written(object, StoredObject.live(object, r.resourceVersion()), current);
    }

    private static Decision delete(StoredObject current, Write.Delete d) {
        if (current == null || !current.isLive()) return Decision.refuse(Outcome.NOT_FOUND, current);
        if (d.expectedResourceVersion() != 0 && d.expectedResourceVersion() != current.resourceVersion())
            return Decision.refuse(Outcome.CONFLICT, current);
        if (raced(current, d)) return Decision.refuse(Outcome.RESOURCE_VERSION_RACE, current);

        ObjectNode last = current.object();
        Meta.metadata(last).put("resourceVersion", Long.toString(d.resourceVersion()));
        return written(last, StoredObject.tombstone(last, d.resourceVersion()), current);
    }

    /**
     * Whether the stored value is this very write's result: Hazelcast re-sends an operation whose
     * answer was lost (the partition's owner left or changed mid-call), and the second attempt must
     * answer as the first would have, not "already exists" for its own create or "not found" for
     * its own delete (tests-chaos caught a create acknowledged as 409 that had been applied). Each
     * attempt stamps a resourceVersion no other write has; a create also carries its uid.
     */
    private static boolean isReplay(StoredObject current, Write write) {
        if (current == null || current.resourceVersion() != write.resourceVersion()) return false;
        if (write instanceof Write.Create c) return current.isLive() && c.uid().equals(current.object().path("metadata").path("uid").asText());
        if (write instanceof Write.Delete) return !current.isLive();
        return current.isLive();
    }

    private static boolean raced(StoredObject current, Write write) {
        return current != null && write.resourceVersion() <= current.resourceVersion();
    }

    private static Decision written(ObjectNode object, StoredObject value, StoredObject current) {
        return new Decision(new WriteResult(Outcome.WRITTEN, value.json(),
                current == null ? 0 : current.resourceVersion()), value);
    }

    private static boolean hasSpec(ObjectNode object) {
        return object.has("spec");
    }

    private static void copyField(ObjectNode from, ObjectNode toMeta, String field) {
        JsonNode v = from.path("metadata").get(field);
        if (v == null) toMeta.remove(field);
        else toMeta.set(field, v.deepCopy());
    }

    /** What the generation follows: the object minus metadata and status. */
    static ObjectNode withoutMetadataAndStatus(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("metadata");
        copy.remove("status");
        return copy;
    }

    /** What makes a replace a no-op: everything except the resourceVersion and managedFields. */
    static ObjectNode comparable(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        ObjectNode meta = Meta.metadata(copy);
        meta.remove("resourceVersion");
        meta.remove("managedFields");
        return copy;
    }
}
