package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ObjectKey;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole-cluster restart brings the desired state back from the nodes' local snapshots. */
class SnapshotRestoreClusterTest {

    @TempDir Path dir;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void objectsComeBackWithTheirResourceVersionsAndNewWritesGoHigher() {
        cluster = new TestCluster(dir).start(2);
        StateStore a = cluster.get(0).store();
        ObjectNode web = a.create(ResourceType.DEPLOYMENT, Objects.deployment("default", "web", 2));
        ObjectNode api = cluster.get(1).store().create(ResourceType.DEPLOYMENT, Objects.deployment("default", "api", 1));
        ObjectNode gone = a.create(ResourceType.DEPLOYMENT, Objects.deployment("default", "gone", 1));
        a.delete(Meta.key(ResourceType.DEPLOYMENT, gone), "");
        ObjectNode ev = a.create(ResourceType.EVENT, Objects.event("default", "e1", "hello"));
        long counter = cluster.get(0).stateStore().counterValue();
        cluster.close();
        assertTrue(Files.exists(dir.resolve("node-0").resolve(SnapshotFile.NAME)));
        assertTrue(Files.exists(dir.resolve("node-1").resolve(SnapshotFile.NAME)));

        cluster = new TestCluster(dir).start(2); // same node names, so the same data dirs
        StateStore b = cluster.get(1).store();
        assertEquals(web, b.get(Meta.key(ResourceType.DEPLOYMENT, web)).orElseThrow());
        assertEquals(api, b.get(Meta.key(ResourceType.DEPLOYMENT, api)).orElseThrow());
        assertTrue(b.get(Meta.key(ResourceType.EVENT, ev)).isEmpty(), "events are observations, not desired state: not snapshotted");
        assertTrue(b.get(new ObjectKey(ResourceType.DEPLOYMENT, "default", "gone")).isEmpty());
        assertEquals(counter, cluster.get(0).stateStore().counterValue());

        ObjectNode next = b.create(ResourceType.DEPLOYMENT, Objects.deployment("default", "next", 1));
        assertTrue(Meta.resourceVersionNumber(next) > counter);
        ObjectNode replaced = b.update(Meta.key(ResourceType.DEPLOYMENT, web),
                o -> { ((ObjectNode) o.get("spec")).put("replicas", 7); return o; });
        assertTrue(Meta.resourceVersionNumber(replaced) > counter);
        assertEquals(Meta.uid(web), Meta.uid(replaced));
    }

    @Test
    void aNodeRejoiningARunningClusterRestoresNothing() {
        cluster = new TestCluster(dir).start(2);
        StateStore a = cluster.get(0).store();
        ObjectNode web = a.create(ResourceType.DEPLOYMENT, Objects.deployment("default", "web", 2));
        HazelcastClusterMember leaving = cluster.get(1);
        leaving.close(); // its snapshot has "web"
        cluster.members.remove(leaving);
        a.delete(Meta.key(ResourceType.DEPLOYMENT, web), "");

        HazelcastClusterMember back = cluster.startNode("node-1");
        org.junit.jupiter.api.Assertions.assertFalse(back.store().get(Meta.key(ResourceType.DEPLOYMENT, web)).isPresent(),
                "a stale snapshot must not resurrect a deleted object");
    }
}
