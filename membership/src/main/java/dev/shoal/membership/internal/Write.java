package dev.shoal.membership.internal;

import java.io.Serializable;

/**
 * One requested change to one object, shipped to the key's partition owner inside a
 * {@link WriteProcessor}. Everything non-deterministic (the new resourceVersion, the time, the
 * uid) is decided by the caller and carried here, so that the same write sent again after an
 * unconfirmed attempt is recognised as itself on the owner and answers as the first would have.
 */
sealed interface Write extends Serializable {

    /** The resourceVersion this write will stamp on the object. */
    long resourceVersion();

    /** @param creationTimestamp RFC 3339, seconds, UTC */
    record Create(String json, long resourceVersion, String creationTimestamp, String uid) implements Write {}

    /** @param expectedResourceVersion 0: unconditional */
    record Replace(String json, long resourceVersion, long expectedResourceVersion) implements Write {}

    /** @param expectedResourceVersion 0: unconditional */
    record Delete(long resourceVersion, long expectedResourceVersion) implements Write {}
}
