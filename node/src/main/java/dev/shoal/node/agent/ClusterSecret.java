package dev.shoal.node.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where this agent's cluster secret comes from, the one a member proves to join (see the
 * membership module's {@code JoinProof}), like a kubeadm join token:
 * <ol>
 *   <li>{@code --cluster-secret-file} (or SHOAL_CLUSTER_SECRET_FILE) when given;
 *   <li>else the one kept in the data directory ({@value #FILE_NAME});
 *   <li>else, for the first agent of a new cluster (no peers but itself), a new random one,
 *       written there once with owner-only permissions, and the other agents are told to join
 *       with a copy of it;
 *   <li>else an agent that joins peers without a secret runs without one only on loopback
 *       (a machine of its own, dev mode, said loudly), and refuses to start otherwise.
 * </ol>
 */
public final class ClusterSecret {
    public static final String FILE_NAME = "cluster-secret";
    /** 128 bits, written as hex. */
    static final int MIN_LENGTH = 32;

    /** A decision, before any file is touched. */
    sealed interface Source {
        record GivenFile(Path file) implements Source {}
        record Kept(Path file) implements Source {}
        record Generate(Path file) implements Source {}
        record NoneOnLoopback() implements Source {}
        record Refuse(String why) implements Source {}
    }

    /** The secret, and what the operator should be told about it. */
    public record Resolved(String secret, Optional<String> notice) {}

    private ClusterSecret() {}

    /** Pure: which source applies. {@code otherPeers} are the --join entries other than this agent. */
    static Source decide(Optional<Path> given, Path dataDir, boolean keptExists, String bindAddress, List<String> otherPeers) {
        if (given.isPresent()) return new Source.GivenFile(given.get());
        Path kept = dataDir.resolve(FILE_NAME);
        if (keptExists) return new Source.Kept(kept);
        if (otherPeers.isEmpty()) return new Source.Generate(kept);
        if (bindAddress.startsWith("127.")) return new Source.NoneOnLoopback();
        return new Source.Refuse("--cluster-secret-file is required to join " + otherPeers + " from " + bindAddress
                + ": copy the first agent's " + FILE_NAME + " (in its data directory) to this machine and pass its path");
    }

    /** Reads, generates or refuses, as {@link #decide} says. */
    public static Resolved resolve(Optional<Path> given, Path dataDir, String bindAddress, List<String> otherPeers)
            throws IOException {
        Source source = decide(given, dataDir, Files.exists(dataDir.resolve(FILE_NAME)), bindAddress, otherPeers);
        if (source instanceof Source.GivenFile g) return new Resolved(read(g.file()), Optional.empty());
        if (source instanceof Source.Kept k) return new Resolved(read(k.file()), Optional.empty());
        if (source instanceof Source.Generate gen) {
            String secret = HexFormat.of().formatHex(random());
            write(gen.file(), secret);
            return new Resolved(secret, Optional.of("new cluster secret in " + gen.file().toAbsolutePath()
                    + " (owner-only): other agents join with a copy of it: --cluster-secret-file FILE --join "
                    + bindAddress));
        }
        if (source instanceof Source.NoneOnLoopback) {
            return new Resolved("", Optional.of("DEV MODE: the cluster port has no secret (joining peers on loopback without"
                    + " --cluster-secret-file): any process on this machine can join the cluster"));
        }
        throw new IllegalArgumentException(((Source.Refuse) source).why());
    }

    private static byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("--cluster-secret-file " + file + ": a secret must be at least " + MIN_LENGTH
                    + " characters (e.g. openssl rand -hex 32), this one has " + secret.length());
        }
        return secret;
    }

    private static void write(Path file, String secret) throws IOException {
        Files.createDirectories(file.getParent());
        // created owner-only, never readable by others even for an instant
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
