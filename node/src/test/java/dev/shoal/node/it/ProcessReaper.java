package dev.shoal.node.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kills the pod processes a test's agents left behind. The process runtime leaves containers
 * running when an agent stops (the next agent adopts them), and a SIGKILLed agent cannot stop
 * them at all; each container's working directory is under its agent's data directory, so
 * every process whose cwd is under a test's root belongs to that test.
 */
final class ProcessReaper {
    private ProcessReaper() {}

    static int killUnder(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        int killed = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try {
                    Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
                    if (cwd.startsWith(absolute)) {
                        ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
                        killed++;
                    }
                } catch (IOException | SecurityException | UnsupportedOperationException gone) {
                    // exited meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return killed;
    }
}
