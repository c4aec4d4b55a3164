package dev.shoal.membership.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code <dataDir>/snapshot.json}, written so that a crash at any moment leaves either the old
 * file or the new one, never a torn one: write a temporary file, fsync it, rename it over the
 * old one atomically, fsync the directory so the rename itself survives a power loss.
 */
final class SnapshotFile {

    static final String NAME = "snapshot.json";

    private final Path file;
    private final Path temp;

    SnapshotFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
        this.temp = dataDir.resolve(NAME + ".tmp");
    }

    Path path() {
        return file;
    }

    void write(Snapshot snapshot) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(ch);
            Json.JSON.writeValue(new NonClosing(out), snapshot.toJson());
            out.flush();
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for fsync; the rename is still atomic there
        }
    }

    Optional<Snapshot> read() throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        JsonNode root = Json.JSON.readTree(file.toFile());
        return Optional.of(Snapshot.fromJson(root));
    }

    /** Jackson closes the stream it writes; the channel must stay open until it is forced. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
