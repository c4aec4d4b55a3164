package dev.shoal.node.kubelet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A container's directory on the node, {@code <dataDir>/pods/<podUid>/<container>/}: its log
 * (and, for a process, its working directory and state file). Shared by both runtimes, so logs
 * are found in the same place whichever ran the container.
 */
final class Sandboxes {
    private static final Logger LOG = Logger.getLogger(Sandboxes.class.getName());

    private Sandboxes() {}

    /** The directory; refuses names that could leave {@code podsDir} (uids are UUIDs, names DNS labels). */
    static Path of(Path podsDir, String podUid, String container) {
        if (podUid.contains("/") || podUid.startsWith(".") || container.contains("/") || container.startsWith(".")) {
            throw new IllegalArgumentException("not a safe directory name: " + podUid + "/" + container);
        }
        return podsDir.resolve(podUid).resolve(container);
    }

    /** Deletes the sandbox, and its pod's directory once no other container's is left in it. */
    static void delete(Path sandbox) {
        try (Stream<Path> walk = Files.walk(sandbox)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            Path podDir = sandbox.getParent();
            try (DirectoryStream<Path> rest = Files.newDirectoryStream(podDir)) {
                if (!rest.iterator().hasNext()) Files.delete(podDir);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "removing " + sandbox, e);
        }
    }
}
