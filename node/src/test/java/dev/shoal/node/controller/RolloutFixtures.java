package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;

import java.time.Instant;

/** Builders for the objects the reconciler tests plan over. */
final class RolloutFixtures {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private RolloutFixtures() {}

    static ObjectNode deployment(int replicas, String image, String maxSurge, String maxUnavailable) {
        ObjectNode d = parse("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"default","uid":"d-uid","generation":1},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                         "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":%s,"maxUnavailable":%s}},
                         "revisionHistoryLimit":10,"progressDeadlineSeconds":600,
                         "template":{"metadata":{"labels":{"app":"web"}},
                                     "spec":{"containers":[{"name":"web","image":"%s"}]}}}}"""
                .formatted(replicas, maxSurge, maxUnavailable, image));
        return d;
    }

    /** A ReplicaSet of the deployment's current template, with the given counts. */
    static ObjectNode replicaSetFor(ObjectNode d, int spec, int pods, int available, long revision) {
        String hash = TemplateHash.of(d.path("spec").path("template"), 0);
        ObjectNode rs = DeploymentReconciler.newReplicaSet(d, hash, spec, Long.toString(revision));
        ((ObjectNode) rs.get("metadata")).put("uid", "rs-" + hash).put("creationTimestamp", NOW.minusSeconds(1000 - revision).toString());
        ObjectNode status = rs.putObject("status");
        status.put("replicas", pods).put("readyReplicas", available).put("availableReplicas", available);
        return rs;
    }

    /** {@code rs} with an annotation set, e.g. {@link ReplicaSetView#ROLLED_OUT}. */
    static ObjectNode annotated(ObjectNode rs, String key, String value) {
        ((ObjectNode) rs.get("metadata")).with("annotations").put(key, value);
        return rs;
    }

    /** {@code d} with an annotation set, e.g. {@link AutoRollback#ENABLED}. */
    static ObjectNode withAnnotation(ObjectNode d, String key, String value) {
        ((ObjectNode) d.get("metadata")).with("annotations").put(key, value);
        return d;
    }

    /** A Running pod of {@code rs}, Ready or not since {@code since}, its container restarted {@code restarts} times. */
    static ObjectNode podOf(ObjectNode rs, String name, boolean ready, Instant since, int restarts) {
        ObjectNode p = pod(name, "node-1", ready, since);
        ((ObjectNode) p.get("metadata")).putArray("ownerReferences").addObject()
                .put("kind", "ReplicaSet").put("name", rs.path("metadata").path("name").asText())
                .put("uid", rs.path("metadata").path("uid").asText()).put("controller", true);
        ((ObjectNode) p.get("status")).putArray("containerStatuses").addObject()
                .put("name", "web").put("ready", ready).put("restartCount", restarts);
        return p;
    }

    static ObjectNode pod(String name, String node, boolean ready, Instant created) {
        ObjectNode p = parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default","creationTimestamp":"%s"},
                 "spec":{"nodeName":"%s","containers":[{"name":"web","image":"x"}]},
                 "status":{"phase":"Running","conditions":[{"type":"Ready","status":"%s","lastTransitionTime":"%s"}]}}"""
                .formatted(name, created, node, ready ? "True" : "False", created));
        return p;
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
