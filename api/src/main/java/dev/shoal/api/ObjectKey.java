package dev.shoal.api;

/**
 * Identifies one stored object. {@code namespace} is empty for cluster-scoped kinds.
 */
public record ObjectKey(ResourceType type, String namespace, String name) {
    public ObjectKey {
        if (type == null) throw new IllegalArgumentException("type must not be null");
        namespace = namespace == null ? "" : namespace;
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("name must not be empty");
    }

    /** The key within one kind's map: "namespace/name", or "name" for cluster-scoped kinds. */
    public String storageKey() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    @Override
    public String toString() {
        return type.plural() + "/" + storageKey();
    }
}
