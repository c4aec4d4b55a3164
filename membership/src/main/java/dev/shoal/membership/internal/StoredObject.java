package dev.shoal.membership.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;

import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The value of every kind map entry. Plain {@link Serializable}: a record of a long, a boolean and
 * a string needs no schema registration, and every member runs the same build.
 *
 * @param resourceVersion the resourceVersion of the write that produced this value
 * @param tombstone       true after a delete: invisible to reads, kept for a while so that a
 *                        delete has a resourceVersion (watch DELETED events, split-brain merge)
 * @param json            the object (for a tombstone: its last state, with the delete's resourceVersion)
 */
public record StoredObject(long resourceVersion, boolean tombstone, String json) implements Serializable {

    static StoredObject live(ObjectNode object, long resourceVersion) {
        return new StoredObject(resourceVersion, false, write(object));
    }

    static StoredObject tombstone(ObjectNode lastState, long resourceVersion) {
        return new StoredObject(resourceVersion, true, write(lastState));
    }

    boolean isLive() {
        return !tombstone;
    }

    /** A fresh tree each call: callers may modify it. */
    ObjectNode object() {
        return liveTree(json);
    }

    static ObjectNode liveTree(String json) {
        try {
            return (ObjectNode) Json.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a JSON object", e);
        }
    }

    static String write(ObjectNode object) {
        try {
            return Json.JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
