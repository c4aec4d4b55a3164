package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;

import java.util.function.UnaryOperator;

/**
 * Every write a Deployment's leader makes, stamped with its epoch and refused if the object
 * carries a newer one. The check and the write are one atomic step: the store's update is
 * compare-and-set on resourceVersion (an entry processor on the key's owner), so if a newer
 * leader writes in between, the write is retried against the fresh object and then refused.
 */
final class FencedWriter {
    static final String EPOCH = "shoal.dev/leader-epoch";
    static final String LEADER = "shoal.dev/leader";

    private final StateStore store;
    private final String localNode;

    FencedWriter(StateStore store, String localNode) {
        this.store = store;
        this.localNode = localNode;
    }

    static long epochOf(ObjectNode obj) {
        String e = Meta.annotations(obj).getOrDefault(EPOCH, "0");
        try {
            return Long.parseLong(e);
        } catch (NumberFormatException bad) {
            return 0;
        }
    }

    ObjectNode create(ResourceType type, ObjectNode obj, long epoch) {
        stamp(obj, epoch);
        return store.create(type, obj);
    }

    /** Applies the change under the epoch; a change that returns its input writes nothing. */
    ObjectNode update(ObjectKey key, long epoch, UnaryOperator<ObjectNode> change) {
        return store.update(key, current -> {
            long theirs = epochOf(current);
            if (theirs > epoch) throw new Fenced(theirs, epoch, key.toString());
            ObjectNode next = change.apply(current);
            if (next == current || next.equals(current)) return current;
            stamp(next, epoch);
            return next;
        });
    }

    /**
     * A new leader's first write: stamps its epoch on the object (a Deployment), so that from now
     * on every write of an older leader to it is refused. Writes nothing if already stamped.
     */
    ObjectNode claim(ObjectKey key, long epoch) {
        return store.update(key, current -> {
            long theirs = epochOf(current);
            if (theirs > epoch) throw new Fenced(theirs, epoch, key.toString());
            boolean ours = localNode.equals(Meta.annotations(current).get(LEADER));
            // Another leader under our very epoch: leases began again after a restart of every
            // agent. Ask for a higher epoch instead of sharing this one.
            if (theirs == epoch && !ours) throw new Fenced(theirs, epoch, key.toString());
            if (theirs == epoch) return current;
            ObjectNode next = current.deepCopy();
            stamp(next, epoch);
            return next;
        });
    }

    /** Deletes unless a newer leader has written the object; a missing object is already deleted. */
    void delete(ObjectKey key, long epoch) {
        ObjectNode current = store.get(key).orElse(null);
        if (current == null) return;
        long theirs = epochOf(current);
        if (theirs > epoch) throw new Fenced(theirs, epoch, key.toString());
        try {
            store.delete(key, Meta.resourceVersion(current));
        } catch (ApiException e) {
            if (e.code() == 404) return;
            if (e.code() == 409) {  // changed since we read it: decide again on fresh state
                delete(key, epoch);
                return;
            }
            throw e;
        }
    }

    private void stamp(ObjectNode obj, long epoch) {
        ObjectNode annotations = Meta.metadata(obj).with("annotations");
        annotations.put(EPOCH, Long.toString(epoch));
        annotations.put(LEADER, localNode);
    }
}
