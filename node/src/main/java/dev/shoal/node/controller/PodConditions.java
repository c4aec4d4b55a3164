package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;

/** A pod condition as Kubernetes writes it; shared by the controllers and the kubelet. */
public final class PodConditions {
    private PodConditions() {}

    /** reason and message are left out when empty, as Kubernetes omits them. */
    public static ObjectNode condition(String type, String value, String reason, String message, String transition) {
        ObjectNode c = Json.object();
        c.put("type", type);
        c.put("status", value);
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", transition);
        if (!reason.isEmpty()) c.put("reason", reason);
        if (!message.isEmpty()) c.put("message", message);
        return c;
    }
}
