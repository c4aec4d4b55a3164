package dev.shoal.node.server;

import dev.shoal.api.ApiException;
import dev.shoal.api.ObjectKey;
import dev.shoal.node.auth.Attributes;
import dev.shoal.node.auth.Authorizer;
import dev.shoal.node.auth.UserInfo;

import java.util.List;

/** The API's side of authorization: a request's attributes, and the Statuses of refusal. */
final class RequestAuthorization {
    private RequestAuthorization() {}

    static Attributes attributes(String verb, ApiPath p) {
        return Attributes.resource(verb, p.type().group(), p.type().plural(), p.subresource(), p.namespace(), p.name(),
                p.type().namespaced());
    }

    /**
     * Null when allowed. Denied without credentials: 401 (log in first); denied with them: 403
     * with Kubernetes' message naming user, verb and resource.
     */
    static ApiException check(Authorizer authorizer, UserInfo user, Attributes a, String qualifiedResource) {
        if (authorizer.decide(user, a).allowed()) return null;
        if (user.isAnonymous()) return unauthorized();
        ObjectKey key = null;
        if (a.isResourceRequest() && !a.name().isEmpty()) {
            key = dev.shoal.api.ResourceType.byGroupAndPlural(a.apiGroup(), a.resource())
                    .map(t -> new ObjectKey(t, a.namespace(), a.name())).orElse(null);
        }
        return new ApiException(403, "Forbidden", Authorizer.forbiddenMessage(user, a, qualifiedResource), List.of(), key);
    }

    /** Kubernetes' 401: kubectl prints "You must be logged in to the server (Unauthorized)". */
    static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "Unauthorized", List.of(), null);
    }
}
