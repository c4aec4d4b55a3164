package dev.shoal.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code shoal rollout status}: print the rollout's progress until it completes, fails its progress
 * deadline, or {@code --timeout} passes.
 *
 * <p>Level driven: every event carries the whole Deployment, and the status is recomputed from it
 * alone. A watch that ends or drops is followed by a fresh GET (the re-list) and a new watch from
 * that object's resourceVersion, so nothing that happened in between is missed.
 */
@Command(name = "status", description = "Show the status of a rollout, waiting until it completes.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_OK, "1:the rollout exceeded its progress deadline, timed out, or the request failed",
                ExitCodes.HELP_USAGE, ExitCodes.HELP_UNREACHABLE})
final class RolloutStatusCommand extends CommandGroup.Member {
    /** The first pause before re-listing after a watch that ended without an event; doubles up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    /** A server that keeps ending watches at once is asked at most this often. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    @Parameters(arity = "1..2", paramLabel = "deployment/NAME | deployment NAME", description = "The deployment.")
    List<String> args;

    @Option(names = {"-w", "--watch"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Wait until the rollout completes (default: ${DEFAULT-VALUE}); false prints the status once.")
    boolean watch;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0", converter = Durations.Converter.class,
            description = "Give up after this long, e.g. 10m (0 = wait forever).")
    Duration timeout;

    /** What the reader thread hands over: a line, or the end of the stream (normal or dropped). */
    private sealed interface Item permits Line, End {}
    private record Line(String text) implements Item {}
    private record End() implements Item {}

    @Override
    public Integer call() {
        String name = deploymentName(args);
        // elapsed time, so monotonic nanoTime rather than the environment's wall clock
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            ObjectNode deployment = client().get(deploymentPath(name));
            if (report(deployment) || !watch) return ExitCodes.OK;
            int events = 0;
            String rv = Meta.resourceVersion(deployment);
            BlockingQueue<Item> items = open(name, rv);
            while (true) {
                Item item = take(items, deadline);
                if (item instanceof End) break;
                JsonNode event = readEvent(((Line) item).text());
                String type = event.path("type").asText("");
                if (!(event.path("object") instanceof ObjectNode obj)) continue;
                events++;
                if (type.equals("ERROR")) {
                    // 410 Gone: our resourceVersion is too old; re-list and watch from a fresh one
                    if (obj.path("code").asInt() == 410) break;
                    throw StatusErrors.fromResponse(obj.path("code").asInt(500), obj.toString());
                }
                if (type.equals("DELETED")) throw new CliException("object has been deleted");
                if (type.equals("BOOKMARK")) continue;
                if (report(obj)) return ExitCodes.OK;
            }
            if (events > 0) {
                backoff = FIRST_BACKOFF;
            } else {
                pause(backoff, deadline);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Prints the status of one Deployment; true when the rollout is complete. */
    private boolean report(ObjectNode deployment) {
        RolloutStatus status = RolloutStatus.of(deployment);
        out().println(status.message());
        out().flush();
        return status.done();
    }

    /**
     * Opens the watch and reads it on a daemon thread, so the deadline holds even while the server
     * is silent. The thread ends with the stream; after a timeout the process exits with it.
     */
    private BlockingQueue<Item> open(String name, String resourceVersion) {
        String path = ResourcePaths.collection(ResourceType.DEPLOYMENT, options.namespace()) + ResourcePaths.query(
                "watch", "true", "fieldSelector", "metadata.name=" + name, "resourceVersion", resourceVersion);
        Stream<String> lines = client().lines(path);
        BlockingQueue<Item> items = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (lines) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (!line.isBlank()) items.add(new Line(line));
                }
            } catch (UncheckedIOException e) {
                // the connection dropped: the caller re-lists, as for a watch the server ended
            } finally {
                items.add(new End());
            }
        }, "rollout-status-watch");
        reader.setDaemon(true);
        reader.start();
        return items;
    }

    private static Item take(BlockingQueue<Item> items, long deadline) {
        try {
            Item item = items.poll(left(deadline), TimeUnit.NANOSECONDS);
            if (item == null) throw timedOut();
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static void pause(Duration backoff, long deadline) {
        long left = left(deadline);
        if (left <= 0) throw timedOut();
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(backoff.toNanos(), left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (left(deadline) <= 0) throw timedOut();
    }

    /** Nanoseconds until the deadline; {@link Long#MAX_VALUE} means none (and must not be subtracted from). */
    private static long left(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    }

    private static CliException timedOut() {
        return new CliException("timed out waiting for the condition");
    }

    private static JsonNode readEvent(String line) {
        try {
            return Json.JSON.readTree(line);
        } catch (IOException e) {
            throw new CliException("the server sent a watch event that is not JSON: " + line);
        }
    }
}
