package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.membership.internal.ObjectWrites.Decision;
import dev.shoal.membership.internal.WriteResult.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write rules, without Hazelcast. */
class ObjectWritesTest {

    private static final String NOW = "2026-11-27T09:00:00Z";

    private static StoredObject created(ObjectNode o, long rv) {
        return ObjectWrites.decide(null, new Write.Create(StoredObject.write(o), rv, NOW, "uid-1")).newValue();
    }

    private static Write.Replace replace(ObjectNode o, long rv, long expected) {
        return new Write.Replace(StoredObject.write(o), rv, expected);
    }

    @Test
    void aRetriedWriteFindsItsOwnResultAndAnswersAsTheFirstAttemptWould() {
        ObjectNode in = Objects.deployment("default", "web", 2);
        Write.Create create = new Write.Create(StoredObject.write(in), 5, NOW, "uid-1");
        StoredObject afterCreate = ObjectWrites.decide(null, create).newValue();
        Decision again = ObjectWrites.decide(afterCreate, create);
        assertEquals(Outcome.UNCHANGED, again.result().outcome(), "its own create, not 409 AlreadyExists");
        assertNull(again.newValue());
        assertEquals(Outcome.ALREADY_EXISTS, ObjectWrites.decide(afterCreate, new Write.Create(StoredObject.write(in), 6, NOW, "uid-2"))
                .result().outcome(), "somebody else's create still conflicts");

        Write.Replace update = replace(Objects.deployment("default", "web", 3), 7, 5);
        StoredObject afterUpdate = ObjectWrites.decide(afterCreate, update).newValue();
        assertEquals(Outcome.UNCHANGED, ObjectWrites.decide(afterUpdate, update).result().outcome(),
                "its own update, not 409 Conflict on the resourceVersion it replaced");

        Write.Delete delete = new Write.Delete(9, 0);
        StoredObject afterDelete = ObjectWrites.decide(afterUpdate, delete).newValue();
        assertEquals(Outcome.UNCHANGED, ObjectWrites.decide(afterDelete, delete).result().outcome(), "its own delete, not 404");
        assertEquals(Outcome.NOT_FOUND, ObjectWrites.decide(afterDelete, new Write.Delete(10, 0)).result().outcome());
    }

    @Test
    void createStampsTheStoreOwnedFields() {
        ObjectNode in = Objects.deployment("default", "web", 2);
        Meta.metadata(in).put("uid", "from-the-user").put("resourceVersion", "999").put("generation", 7);
        Decision d = ObjectWrites.decide(null, new Write.Create(StoredObject.write(in), 5, NOW, "uid-1"));

        assertEquals(Outcome.WRITTEN, d.result().outcome());
        ObjectNode out = d.newValue().object();
        assertEquals("uid-1", Meta.uid(out));
        assertEquals("5", Meta.resourceVersion(out));
        assertEquals(NOW, Meta.text(out.get("metadata"), "creationTimestamp"));
        assertEquals(1, Meta.generation(out));
        assertEquals(5, d.newValue().resourceVersion());
    }

    @Test
    void createOverATombstoneIsAllowedButNotOverALiveObject() {
        StoredObject live = created(Objects.deployment("default", "web", 2), 5);
        Write.Create again = new Write.Create(StoredObject.write(Objects.deployment("default", "web", 3)), 6, NOW, "uid-2");
        assertEquals(Outcome.ALREADY_EXISTS, ObjectWrites.decide(live, again).result().outcome());

        StoredObject tombstone = ObjectWrites.decide(live, new Write.Delete(6, 0)).newValue();
        assertTrue(tombstone.tombstone());
        Write.Create third = new Write.Create(StoredObject.write(Objects.deployment("default", "web", 3)), 7, NOW, "uid-3");
        Decision d = ObjectWrites.decide(tombstone, third);
        assertEquals(Outcome.WRITTEN, d.result().outcome());
        assertEquals("uid-3", Meta.uid(d.newValue().object()));
    }

    @Test
    void replaceChecksTheExpectedResourceVersion() {
        StoredObject v5 = created(Objects.deployment("default", "web", 2), 5);
        assertEquals(Outcome.CONFLICT, ObjectWrites.decide(v5, replace(Objects.deployment("default", "web", 3), 6, 4)).result().outcome());
        assertEquals(Outcome.WRITTEN, ObjectWrites.decide(v5, replace(Objects.deployment("default", "web", 3), 6, 5)).result().outcome());
        assertEquals(Outcome.WRITTEN, ObjectWrites.decide(v5, replace(Objects.deployment("default", "web", 3), 6, 0)).result().outcome());
        assertEquals(Outcome.NOT_FOUND, ObjectWrites.decide(null, replace(Objects.deployment("default", "web", 3), 6, 0)).result().outcome());
    }

    @Test
    void aWriteWithAnOlderResourceVersionThanTheStoredOneIsARace() {
        StoredObject v8 = created(Objects.deployment("default", "web", 2), 8);
        assertEquals(Outcome.RESOURCE_VERSION_RACE,
                ObjectWrites.decide(v8, replace(Objects.deployment("default", "web", 3), 7, 0)).result().outcome());
        assertEquals(Outcome.RESOURCE_VERSION_RACE, ObjectWrites.decide(v8, new Write.Delete(8, 0)).result().outcome());
    }

    @Test
    void replaceKeepsUidAndCreationTimestampAndBumpsGenerationOnlyForSpec() {
        StoredObject v5 = created(Objects.deployment("default", "web", 2), 5);

        ObjectNode relabelled = Objects.deployment("default", "web", 2);
        Meta.metadata(relabelled).putObject("labels").put("a", "b");
        relabelled.putObject("status").put("replicas", 2);
        ObjectNode out = ObjectWrites.decide(v5, replace(relabelled, 6, 0)).newValue().object();
        assertEquals(1, Meta.generation(out));
        assertEquals("uid-1", Meta.uid(out));
        assertEquals(NOW, Meta.text(out.get("metadata"), "creationTimestamp"));

        ObjectNode scaled = ObjectWrites.decide(v5, replace(Objects.deployment("default", "web", 4), 6, 0)).newValue().object();
        assertEquals(2, Meta.generation(scaled));
    }

    @Test
    void identicalReplaceIsUnchangedAndWritesNothing() {
        StoredObject v5 = created(Objects.deployment("default", "web", 2), 5);
        ObjectNode same = v5.object();
        Meta.metadata(same).put("resourceVersion", "5").putArray("managedFields").addObject().put("manager", "kubectl");
        Decision d = ObjectWrites.decide(v5, replace(same, 6, 5));
        assertEquals(Outcome.UNCHANGED, d.result().outcome());
        assertNull(d.newValue());
        assertEquals(v5.json(), d.result().json());
    }

    @Test
    void deleteLeavesATombstoneWithTheDeletesResourceVersion() {
        StoredObject v5 = created(Objects.deployment("default", "web", 2), 5);
        assertEquals(Outcome.CONFLICT, ObjectWrites.decide(v5, new Write.Delete(6, 4)).result().outcome());
        Decision d = ObjectWrites.decide(v5, new Write.Delete(6, 5));
        assertTrue(d.newValue().tombstone());
        assertEquals(6, d.newValue().resourceVersion());
        assertEquals("6", Meta.resourceVersion(StoredObject.liveTree(d.result().json())));
        assertEquals(Outcome.NOT_FOUND, ObjectWrites.decide(d.newValue(), new Write.Delete(7, 0)).result().outcome());
    }

    @Test
    void objectsWithoutSpecGetNoGeneration() {
        ObjectNode ev = Objects.event("default", "e1", "hi");
        Meta.metadata(ev).put("generation", 3);
        ObjectNode out = ObjectWrites.decide(null, new Write.Create(StoredObject.write(ev), 1, NOW, "u")).newValue().object();
        assertEquals(0, Meta.generation(out));
    }
}
