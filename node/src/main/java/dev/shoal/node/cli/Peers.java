package dev.shoal.node.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which agents to talk to. Any agent serves every request, so this is just a list to try in order.
 * First found wins: {@code --server}, then {@code $SHOAL_SERVER}, then a {@code server=} line in
 * {@code ~/.shoal/config}, then the local agent.
 */
final class Peers {
    static final String DEFAULT = "127.0.0.1:6443";
    static final int DEFAULT_PORT = 6443;

    /** One agent's base URL, and how to name it in messages ("a:1"). */
    record Peer(URI base, String display) {}

    private Peers() {}

    static List<Peer> resolve(String flag, Map<String, String> env, Path home) {
        return resolve(flag, env, home, "http");
    }

    /** @param scheme what a bare host[:port] means: https once the CLI has TLS settings */
    static List<Peer> resolve(String flag, Map<String, String> env, Path home, String scheme) {
        String spec = flag;
        if (blank(spec)) spec = env.get("SHOAL_SERVER");
        if (blank(spec)) spec = fromConfig(home, "server");
        if (blank(spec)) spec = DEFAULT;
        return parse(spec, scheme);
    }

    static List<Peer> parse(String spec) {
        return parse(spec, "http");
    }

    /** "a:1,b:2" or URLs, comma-separated; "host" alone means port 6443, and {@code scheme}. */
    static List<Peer> parse(String spec, String scheme) {
        List<Peer> peers = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            URI base;
            try {
                base = URI.create(p.contains("://") ? p : scheme + "://" + p);
            } catch (IllegalArgumentException e) {
                throw new CliException("invalid server address \"" + p + "\"");
            }
            if (base.getHost() == null) throw new CliException("invalid server address \"" + p + "\"");
            int port = base.getPort() != -1 ? base.getPort() : p.contains("://") ? -1 : DEFAULT_PORT;
            String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
            URI normalized = URI.create(base.getScheme() + "://" + base.getHost() + (port == -1 ? "" : ":" + port) + path);
            peers.add(new Peer(normalized, normalized.getAuthority() + path));
        }
        if (peers.isEmpty()) throw new CliException("no server address given");
        return peers;
    }

    /**
     * A {@code key=value} line of {@code ~/.shoal/config} ({@code server=}, {@code token=},
     * {@code certificate-authority=}, {@code client-certificate=}, {@code client-key=}); null when absent.
     */
    static String fromConfig(Path home, String key) {
        Path config = home.resolve(".shoal").resolve("config");
        if (!Files.isRegularFile(config)) return null;
        try {
            for (String line : Files.readAllLines(config)) {
                String l = line.strip();
                if (l.startsWith(key + "=")) return l.substring(key.length() + 1).strip();
            }
            return null;
        } catch (IOException e) {
            throw new CliException("cannot read " + config + ": " + e.getMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
