package dev.shoal.api;

import java.util.List;

/**
 * A request that cannot be served, carrying everything a Kubernetes {@code Status} object needs.
 * Thrown by validation, codecs and the store; turned into an HTTP response by the API server
 * and into a one-line error by the CLI.
 */
public class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final List<FieldCause> causes;
    private final ObjectKey key;

    public ApiException(int code, String reason, String message, List<FieldCause> causes, ObjectKey key) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.causes = List.copyOf(causes);
        this.key = key;
    }

    public int code() { return code; }
    /** A Kubernetes StatusReason: "BadRequest", "Invalid", "NotFound", "AlreadyExists", "Conflict", ... */
    public String reason() { return reason; }
    public List<FieldCause> causes() { return causes; }
    /** The object concerned, when there is one (for {@code details.name/kind}); may be null. */
    public ObjectKey key() { return key; }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, List.of(), null);
    }

    public static ApiException badRequest(String message, FieldCause cause) {
        return new ApiException(400, "BadRequest", message, List.of(cause), null);
    }

    /**
     * Most causes one Status lists: a body of 100,000 bad labels gets the first hundred and a
     * count, not an answer larger than the request.
     */
    public static final int MAX_CAUSES = 100;

    /** 422, as Kubernetes answers a well-formed object with invalid fields. */
    public static ApiException invalid(ResourceType type, String name, List<FieldCause> all) {
        String what = type.kind() + " \"" + (name == null ? "" : name) + "\" is invalid: ";
        List<FieldCause> causes = all.size() > MAX_CAUSES ? all.subList(0, MAX_CAUSES) : all;
        StringBuilder msg = new StringBuilder(what);
        for (int i = 0; i < causes.size(); i++) {
            if (i > 0) msg.append(", ");
            msg.append(causes.get(i));
        }
        if (all.size() > MAX_CAUSES) msg.append(", and ").append(all.size() - MAX_CAUSES).append(" more errors");
        ObjectKey key = name == null || name.isEmpty() ? null : new ObjectKey(type, "", name);
        return new ApiException(422, "Invalid", msg.toString(), causes, key);
    }

    public static ApiException notFound(ObjectKey key) {
        return new ApiException(404, "NotFound",
                key.type().qualifiedResource() + " \"" + key.name() + "\" not found", List.of(), key);
    }

    public static ApiException alreadyExists(ObjectKey key) {
        return new ApiException(409, "AlreadyExists",
                key.type().qualifiedResource() + " \"" + key.name() + "\" already exists", List.of(), key);
    }

    public static ApiException conflict(ObjectKey key, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on "
                + key.type().qualifiedResource() + " \"" + key.name() + "\": " + why, List.of(), key);
    }

    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "RequestEntityTooLarge",
                "the request body is larger than the limit of " + limit + " bytes", List.of(), null);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, List.of(), null);
    }
}
