package dev.shoal.node.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import dev.shoal.membership.ClusterSettings;
import dev.shoal.membership.StateStore;
import dev.shoal.membership.internal.FailureDetection;
import dev.shoal.membership.internal.HazelcastClusterMember;
import dev.shoal.membership.internal.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events written to a real single-member store. */
class EventRecorderTest {
    @TempDir Path dir;
    private HazelcastClusterMember member;
    private StateStore store;
    private EventRecorder recorder;
    private Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    private final EventRecorder.Subject pod = new EventRecorder.Subject(ResourceType.POD, "default", "web-1", "uid-1",
            "spec.containers{web}");

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        member = HazelcastClusterMember.start(new ClusterSettings("n1", "127.0.0.1", port, List.of(), "events-" + UUID.randomUUID(),
                dir.resolve("store"), Map.of()), FailureDetection.DEFAULT, StoreOptions.DEFAULTS, Clock.systemUTC());
        store = member.store();
        recorder = new EventRecorder(store, "kubelet", "n1", clock);
    }

    @AfterEach
    void stop() {
        if (recorder != null) recorder.close();
        if (member != null) member.close();
    }

    private List<ObjectNode> events() {
        return store.list(ResourceType.EVENT, "default", e -> true).items();
    }

    private static <T> T await(String what, Supplier<T> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            T v = condition.get();
            if (v != null) return v;
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);  // poll interval, bounded by the deadline
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void aRepeatCountsOnTheSameEventAndADifferentMessageIsAnotherEvent() {
        recorder.warning(pod, "BackOff", "Back-off restarting failed container web");
        now = now.plusSeconds(30);
        recorder.warning(pod, "BackOff", "Back-off restarting failed container web");
        recorder.normal(pod, "Started", "Started container web");

        List<ObjectNode> events = await("two events, one counted twice", () -> {
            List<ObjectNode> e = events();
            return e.size() == 2 && e.stream().anyMatch(x -> x.path("count").asInt() == 2) ? e : null;
        });
        ObjectNode backOff = events.stream().filter(e -> e.path("reason").asText().equals("BackOff")).findFirst().orElseThrow();
        assertEquals("Warning", backOff.path("type").asText());
        assertEquals("2026-11-27T10:00:00Z", backOff.path("firstTimestamp").asText());
        assertEquals("2026-11-27T10:00:30Z", backOff.path("lastTimestamp").asText());
        assertEquals("web-1", backOff.path("involvedObject").path("name").asText());
        assertEquals("Pod", backOff.path("involvedObject").path("kind").asText());
        assertEquals("spec.containers{web}", backOff.path("involvedObject").path("fieldPath").asText());
        assertEquals("kubelet", backOff.path("source").path("component").asText());
        assertEquals("n1", backOff.path("source").path("host").asText());
        assertTrue(backOff.path("metadata").path("name").asText().startsWith("web-1."));
    }

    @Test
    void eventsOlderThanTheTtlAreDeletedByTheNodeThatReportedThem() throws Exception {
        recorder.normal(pod, "Started", "Started container web");
        ObjectNode foreign = (ObjectNode) Json.JSON.readTree("""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"other.1","namespace":"default"},
                 "involvedObject":{"kind":"Pod","name":"x","namespace":"default"},"reason":"Started",
                 "source":{"component":"kubelet","host":"n2"},"lastTimestamp":"2026-11-27T09:00:00Z"}""");
        store.create(ResourceType.EVENT, foreign);
        await("the event written", () -> events().size() == 2 ? true : null);

        now = now.plus(EventRecorder.TTL).minusSeconds(1);
        recorder.expire();
        assertEquals(2, events().size(), "not yet an hour old");

        now = now.plusSeconds(2);
        recorder.expire();
        assertEquals(List.of("other.1"), events().stream().map(e -> e.path("metadata").path("name").asText()).toList(),
                "ours expired; n2's is n2's to expire");
    }
}
