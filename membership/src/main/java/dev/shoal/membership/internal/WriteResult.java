package dev.shoal.membership.internal;

import java.io.Serializable;

/**
 * What a {@link Write} did, as returned from the partition owner.
 *
 * @param json            the object now stored (WRITTEN, UNCHANGED), or the deleted one (WRITTEN for a delete);
 *                        null for the failures
 * @param storedResourceVersion the resourceVersion stored before the write (0 if none)
 */
record WriteResult(Outcome outcome, String json, long storedResourceVersion) implements Serializable {

    enum Outcome {
        WRITTEN,
        /** A replace identical to the stored object: nothing written, the stored object returned. */
        UNCHANGED,
        ALREADY_EXISTS,
        NOT_FOUND,
        /** The caller's expected resourceVersion is not the stored one. */
        CONFLICT,
        /**
         * The write's resourceVersion is not above the stored one: another writer took a newer
         * resourceVersion and landed first. The caller takes a fresh one and tries again, so that
         * resourceVersions of one object only grow.
         */
        RESOURCE_VERSION_RACE
    }

    static WriteResult of(Outcome outcome, StoredObject current) {
        return new WriteResult(outcome, null, current == null ? 0 : current.resourceVersion());
    }
}
