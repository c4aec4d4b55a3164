package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import dev.shoal.node.events.EventRecorder;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Applies the plans of one Deployment, as its leader, under one epoch: reads fresh state, asks
 * the pure reconcilers what to change, writes the changes through {@link FencedWriter}, and has
 * pending pods placed by bidding. Reads go to the store itself (partition owners), which has
 * every acknowledged write, so the leader never acts on a stale view of its own earlier writes;
 * that is why no "expectations" bookkeeping is needed here (it exists in Kubernetes because its
 * controllers read from a lagging cache).
 */
final class DeploymentSync {
    static final String PLACEMENT = "shoal.dev/placement";

    private final StateStore store;
    private final FencedWriter writer;
    private final PodPlacer placer;
    private final Clock clock;
    private final Random random = new Random();
    private final ParallelWrites writes;
    private final EventRecorder events;

    DeploymentSync(StateStore store, FencedWriter writer, PodPlacer placer, Clock clock, ParallelWrites writes,
                   EventRecorder events) {
        this.writes = writes;
        this.events = events;
        this.store = store;
        this.writer = writer;
        this.placer = placer;
        this.clock = clock;
    }

    /** What one pass did, for logs and for deciding whether to look again soon. */
    record Result(boolean changed, int created, int deleted, int bound, int unplaced) {}

    Result sync(ObjectNode storedDeployment, long epoch, Set<String> liveNodes) {
        ObjectNode deployment = storedDeployment;
        Instant now = clock.instant();
        String ns = Meta.namespace(deployment);
        String uid = Meta.uid(deployment);
        ObjectKey dKey = Meta.key(ResourceType.DEPLOYMENT, deployment);

        deployment = writer.claim(dKey, epoch);
        List<ObjectNode> replicaSets = store.list(ResourceType.REPLICASET, ns, rs -> ownedBy(rs, uid)).items();
        // Listed before planning (the rollback looks at the new pods); the Deployment-level writes below touch no pod.
        List<ObjectNode> pods = store.list(ResourceType.POD, ns, p -> true).items();
        DeploymentReconciler.Plan plan = DeploymentReconciler.plan(deployment, replicaSets, pods, now);
        if (plan.rollback() != null) return rollBack(deployment, dKey, plan, epoch);
        if (plan.canaryPause() != null) return pauseForCanary(deployment, dKey, plan, epoch);
        boolean changed = false;

        if (plan.createReplicaSet() != null) {
            try {
                writer.create(ResourceType.REPLICASET, plan.createReplicaSet(), epoch);
            } catch (ApiException e) {
                if (e.code() != 409) throw e;  // created by an earlier pass of ours whose answer was lost
            }
            changed = true;
        }
        for (Map.Entry<String, Integer> s : plan.scale().entrySet()) {
            writer.update(new ObjectKey(ResourceType.REPLICASET, ns, s.getKey()), epoch, rs -> {
                if (rs.path("spec").path("replicas").asInt() == s.getValue()) return rs;
                ObjectNode next = rs.deepCopy();
                ((ObjectNode) next.get("spec")).put("replicas", s.getValue());
                return next;
            });
            changed = true;
        }
        for (Map.Entry<String, String> r : plan.setRevision().entrySet()) {
            writer.update(new ObjectKey(ResourceType.REPLICASET, ns, r.getKey()), epoch, rs -> {
                ObjectNode next = rs.deepCopy();
                Meta.metadata(next).with("annotations").put(ReplicaSetView.REVISION, r.getValue());
                return next;
            });
        }
        if (plan.markRolledOut() != null) {
            annotate(new ObjectKey(ResourceType.REPLICASET, ns, plan.markRolledOut()), epoch, ReplicaSetView.ROLLED_OUT, now);
        }
        for (ObjectNode old : plan.deleteReplicaSets()) {
            writer.delete(Meta.key(ResourceType.REPLICASET, old), epoch);
            changed = true;
        }

        // ReplicaSets -> pods, with fresh ReplicaSets (their replicas may have just changed).
        int created = 0, deleted = 0, bound = 0, unplaced = 0;
        List<ObjectNode> freshSets = store.list(ResourceType.REPLICASET, ns, rs -> ownedBy(rs, uid)).items();
        for (ObjectNode rs : freshSets) {
            String rsUid = Meta.uid(rs);
            List<ObjectNode> owned = pods.stream().filter(p -> ownedBy(p, rsUid)).toList();
            ReplicaSetReconciler.Plan rsPlan = ReplicaSetReconciler.plan(rs, owned, liveNodes, now, random);
            for (ObjectNode lost : rsPlan.markLost()) markLost(lost, epoch, now);
            writes.each(rsPlan.delete(), victim -> {
                writer.delete(Meta.key(ResourceType.POD, victim), epoch);
                String node = Pods.nodeName(victim);
                if (!node.isEmpty()) placer.release(node, podKey(victim));
            });
            deleted += rsPlan.delete().size();
            writes.each(rsPlan.create(), pod -> writer.create(ResourceType.POD, pod, epoch));
            created += rsPlan.create().size();
            ObjectNode rsStatus = rsPlan.status();
            writer.update(Meta.key(ResourceType.REPLICASET, rs), epoch, cur -> withStatus(cur, rsStatus));
            changed |= rsPlan.changesPods();
        }

        // Pending pods of this Deployment: one auction for the whole batch.
        List<ObjectNode> pending = new ArrayList<>();
        Set<String> rsUids = new java.util.HashSet<>();
        for (ObjectNode rs : freshSets) rsUids.add(Meta.uid(rs));
        for (ObjectNode p : store.list(ResourceType.POD, ns, p -> Pods.nodeName(p).isEmpty() && !Meta.isDeleting(p)
                && !Pods.isTerminal(p) && rsUids.contains(controllerUid(p))).items()) {
            pending.add(p);
        }
        if (!pending.isEmpty()) {
            PodPlacer.Outcome outcome = placer.place(pending, ns + "/" + Meta.name(deployment));
            writes.each(pending, pod -> {
                String name = Meta.name(pod);
                PodPlacer.Placement placement = outcome.placed().get(name);
                ObjectKey podKey = Meta.key(ResourceType.POD, pod);
                if (placement != null) {
                    try {
                        writer.update(podKey, epoch, cur -> bind(cur, placement, now));
                    } catch (RuntimeException e) {
                        placer.release(placement.node(), podKey(pod));
                        throw e;
                    }
                } else {
                    String why = outcome.unplaced().getOrDefault(name, "no node could take the pod");
                    writer.update(podKey, epoch, cur -> unschedulable(cur, why, now));
                }
            });
            bound = outcome.placed().size();
            unplaced = pending.size() - bound;
            changed = true;
        }

        // The Deployment itself: revision, leader, status (re-planned on fresh ReplicaSets).
        List<ObjectNode> finalSets = store.list(ResourceType.REPLICASET, ns, rs -> ownedBy(rs, uid)).items();
        ObjectNode status = DeploymentReconciler.plan(deployment, finalSets, now).status();
        writer.update(dKey, epoch, cur -> {
            ObjectNode next = cur.deepCopy();
            Meta.metadata(next).with("annotations").put(ReplicaSetView.REVISION, plan.revision());
            return withStatus(next, status);
        });
        return new Result(changed, created, deleted, bound, unplaced);
    }

    /**
     * An automatic rollback: the good revision's template goes back into the Deployment, with the
     * RolledBack condition, in one write; the next pass rolls back like any rollout. The leader
     * writes spec here, as Kubernetes' controller did for {@code spec.rollbackTo}.
     */
    private Result rollBack(ObjectNode deployment, ObjectKey dKey, DeploymentReconciler.Plan plan, long epoch) {
        AutoRollback.Rollback rb = plan.rollback();
        writer.update(dKey, epoch, cur -> {
            if (Meta.generation(cur) != Meta.generation(deployment)) return cur;  // a user changed the spec meanwhile: plan again
            ObjectNode next = cur.deepCopy();
            ((ObjectNode) next.with("spec")).set("template", rb.template());
            return withStatus(next, plan.status());
        });
        events.warning(subject(deployment), Reasons.AUTO_ROLLBACK, rb.message());
        return new Result(true, 0, 0, 0, 0);
    }

    /** The canary's pods are available: pause, and mark the canary as passed for this ReplicaSet, in one write (see {@link Canary}). */
    private Result pauseForCanary(ObjectNode deployment, ObjectKey dKey, DeploymentReconciler.Plan plan, long epoch) {
        writer.update(dKey, epoch, cur -> {
            if (Meta.generation(cur) != Meta.generation(deployment)) return cur;  // a user changed the spec meanwhile: plan again
            ObjectNode next = cur.deepCopy();
            ((ObjectNode) next.with("spec")).put("paused", true);
            Meta.metadata(next).with("annotations").put(Canary.PASSED, plan.canaryPause());
            return withStatus(next, plan.status());
        });
        events.normal(subject(deployment), Reasons.CANARY_PAUSED, DeploymentStatus.message(plan.status(), "Progressing"));
        return new Result(true, 0, 0, 0, 0);
    }

    private void annotate(ObjectKey key, long epoch, String annotation, Instant now) {
        writer.update(key, epoch, cur -> {
            if (Meta.annotations(cur).containsKey(annotation)) return cur;
            ObjectNode next = cur.deepCopy();
            Meta.metadata(next).with("annotations").put(annotation, now.truncatedTo(ChronoUnit.SECONDS).toString());
            return next;
        });
    }

    private static EventRecorder.Subject subject(ObjectNode deployment) {
        return new EventRecorder.Subject(ResourceType.DEPLOYMENT, Meta.namespace(deployment), Meta.name(deployment),
                Meta.uid(deployment), "");
    }

    static String podKey(ObjectNode pod) {
        return Meta.namespace(pod) + "/" + Meta.name(pod);
    }

    static boolean ownedBy(ObjectNode obj, String ownerUid) {
        return ownerUid.equals(controllerUid(obj));
    }

    /** The uid of the object's controlling owner, "" if none. */
    static String controllerUid(ObjectNode obj) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) return ref.path("uid").asText("");
        }
        return "";
    }

    private static ObjectNode withStatus(ObjectNode current, ObjectNode status) {
        if (status.equals(current.get("status"))) return current;
        ObjectNode next = current.deepCopy();
        next.set("status", status);
        return next;
    }

    private void markLost(ObjectNode pod, long epoch, Instant now) {
        writer.update(Meta.key(ResourceType.POD, pod), epoch, cur -> {
            if (Pods.isTerminal(cur)) return cur;
            ObjectNode next = cur.deepCopy();
            ObjectNode status = next.with("status");
            status.put("phase", "Failed");
            status.put("reason", Reasons.NODE_LOST);
            status.put("message", Reasons.NODE_LOST_MESSAGE);
            setCondition(status, "Ready", "False", Reasons.NODE_LOST, Reasons.NODE_LOST_MESSAGE, now);
            return next;
        });
    }

    private static ObjectNode bind(ObjectNode pod, PodPlacer.Placement placement, Instant now) {
        if (!Pods.nodeName(pod).isEmpty()) return pod;
        ObjectNode next = pod.deepCopy();
        ((ObjectNode) next.with("spec")).put("nodeName", placement.node());
        Meta.metadata(next).with("annotations").put(PLACEMENT, placement.explanation());
        setCondition(next.with("status"), "PodScheduled", "True", "", "", now);
        return next;
    }

    private static ObjectNode unschedulable(ObjectNode pod, String why, Instant now) {
        ObjectNode next = pod.deepCopy();
        ObjectNode status = next.with("status");
        status.put("phase", "Pending");
        setCondition(status, "PodScheduled", "False", Reasons.UNSCHEDULABLE, why, now);
        return next.equals(pod) ? pod : next;
    }

    /** Sets one condition, keeping lastTransitionTime when its status does not change. */
    static void setCondition(ObjectNode status, String type, String value, String reason, String message, Instant now) {
        ArrayNode conditions = status.withArray("conditions");
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode c = conditions.get(i);
            if (c.path("type").asText().equals(type)) {
                String transition = c.path("status").asText().equals(value) ? c.path("lastTransitionTime").asText(time) : time;
                conditions.set(i, PodConditions.condition(type, value, reason, message, transition));
                return;
            }
        }
        conditions.add(PodConditions.condition(type, value, reason, message, time));
    }
}
