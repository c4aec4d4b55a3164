package dev.shoal.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The replicated desired state: every object of every kind, as JSON trees, versioned.
 *
 * <p>Semantics (Kubernetes' own):
 * <ul>
 *   <li>Every change gets a new cluster-wide {@code metadata.resourceVersion}: a decimal long that
 *       only grows, so watches can resume from it.</li>
 *   <li>Writes are compare-and-set on resourceVersion when the caller supplies one; a mismatch is
 *       409 Conflict. A write is acknowledged only after its synchronous backups are stored.</li>
 *   <li>The store owns {@code uid}, {@code resourceVersion}, {@code creationTimestamp} and
 *       {@code generation} (bumped when anything outside metadata and status changes); values sent
 *       by callers for these are replaced.</li>
 * </ul>
 * Callers pass validated objects; the store does not validate schemas.
 * All methods are thread-safe and may block on the network; never call them on an event loop.
 */
public interface StateStore {

    /** Stores a new object. @throws ApiException 409 AlreadyExists if the name is taken */
    ObjectNode create(ResourceType type, ObjectNode object);

    /**
     * Replaces an existing object. If {@code object} carries a resourceVersion it must equal the
     * stored one (else 409 Conflict); without one the replace is unconditional.
     * @throws ApiException 404 if absent, 409 on a stale resourceVersion
     */
    ObjectNode replace(ResourceType type, ObjectNode object);

    /**
     * Reads, transforms and writes one object atomically with respect to other writers: the
     * function is retried on conflict (a bounded number of times) with the fresh object.
     * Used for patches and status updates. Returning the input unchanged writes nothing.
     */
    ObjectNode update(ObjectKey key, java.util.function.UnaryOperator<ObjectNode> change);

    /**
     * Deletes an object. If {@code expectedResourceVersion} is non-empty it must match.
     * @return the object as it was, with the delete's resourceVersion
     */
    ObjectNode delete(ObjectKey key, String expectedResourceVersion);

    Optional<ObjectNode> get(ObjectKey key);

    /** A consistent-enough list: every object of the kind in the namespace ("" for all). */
    ListResult list(ResourceType type, String namespace, Predicate<ObjectNode> filter);

    /**
     * Streams changes of one kind with resourceVersion greater than {@code fromResourceVersion}
     * (0: from now). Events of one object arrive in resourceVersion order.
     * The consumer is called on a store thread and must not block.
     * @throws ApiException 410 Gone if the history no longer reaches back that far
     */
    Watch watch(ResourceType type, String namespace, long fromResourceVersion, Consumer<WatchEvent> consumer);

    /**
     * As {@link #watch(ResourceType, String, long, Consumer)}, and tells {@code onError} (once, on a
     * store thread) when the store ends the watch: 410 Expired when the consumer fell too far
     * behind. The watch delivers nothing after that; list again and watch from the list's
     * resourceVersion. The default, for stores without such errors, never calls it.
     */
    default Watch watch(ResourceType type, String namespace, long fromResourceVersion,
                        Consumer<WatchEvent> consumer, Consumer<ApiException> onError) {
        return watch(type, namespace, fromResourceVersion, consumer);
    }

    /** The newest resourceVersion this node has seen. */
    long currentResourceVersion();

    record ListResult(List<ObjectNode> items, long resourceVersion) {}

    /** An open watch; closing it stops delivery. */
    interface Watch extends AutoCloseable {
        @Override void close();
    }
}
