package dev.shoal.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import dev.shoal.api.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The cluster's credentials and bindings, replicated in the {@code shoal.auth} map (two
 * synchronous backups, like every state map) so that a token known to one agent works on every
 * agent. Plaintext tokens are never stored: entries are keyed by {@link Tokens#hash}.
 *
 * <pre>
 * token/SHA256  -> {"user":..,"uid":..,"groups":[..],"source":"file"|"bootstrap"}
 * bindings      -> the bindings file's text (the last agent started with --authorization-file wins)
 * node-secret   -> 32 random bytes, base64: the key of every agent's node credential
 * bootstrap     -> {"node":..,"hash":..}: the cluster's first admin token was minted, by whom, and its hash
 * </pre>
 *
 * Every agent keeps a copy in memory, fed by an entry listener, so a request is authenticated
 * and authorized without a cluster call (the API's event loop never blocks). The map lives in
 * memory only; what must outlive a restart of every agent is on disk: the token file (re-published
 * by every agent started with it), and in each agent's data directory the bootstrap marker
 * ({@code admin-token.sha256}, re-published by every agent, so a restarted cluster neither loses
 * its admin token nor mints a second one) and, on the agent that minted it, the token itself
 * ({@code admin.token}, mode 0600).
 */
public final class ClusterAuth implements RequestAuth, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterAuth.class.getName());
    static final String MAP = "shoal.auth";
    static final String TOKEN_PREFIX = "token/";
    static final String BINDINGS = "bindings";
    static final String NODE_SECRET = "node-secret";
    static final String BOOTSTRAP = "bootstrap";
    public static final String ADMIN_TOKEN_FILE = "admin.token";
    static final String BOOTSTRAP_MIRROR = "admin-token.sha256";
    /** The user the first admin token stands for; group system:masters makes it cluster-admin. */
    public static final String ADMIN_USER = "admin";

    private final IMap<String, String> map;
    private final String nodeName;
    private final AuthSettings settings;
    private final Map<String, UserInfo> tokens = new ConcurrentHashMap<>();
    private volatile Authorizer authorizer;
    private volatile Optional<NodeCredentials> nodeCredentials = Optional.empty();
    private volatile String ownCredential = "";
    private volatile ClientCertificates clientCertificates;
    private String mintedAdminToken;
    private UUID listener;

    private ClusterAuth(HazelcastInstance hz, String nodeName, AuthSettings settings) {
        this.map = hz.getMap(MAP);
        this.nodeName = nodeName;
        this.settings = settings;
        this.authorizer = new Authorizer(devBindings(List.of()));
    }

    /**
     * Joins the cluster's auth state: publishes this agent's token file and bindings, makes sure
     * there is a node secret, and mints the first admin token if the cluster has none.
     * @throws IllegalArgumentException a token or bindings file that does not parse (named, with its line)
     */
    public static ClusterAuth start(HazelcastInstance hz, String nodeName, Path dataDir, AuthSettings settings)
            throws IOException {
        ClusterAuth auth = new ClusterAuth(hz, nodeName, settings);
        auth.listener = auth.map.addEntryListener(auth.new Listener(), true);
        auth.map.forEach(auth::apply);  // after the listener, so nothing is missed in between

        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        auth.putIfAbsent(NODE_SECRET, Base64.getEncoder().encodeToString(secret));

        if (settings.tokenFile() != null) auth.publishTokenFile(settings.tokenFile());
        if (settings.bindingsFile() != null) {
            String text = Files.readString(settings.bindingsFile());
            try {
                Bindings.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(settings.bindingsFile() + ": " + e.getMessage());
            }
            auth.put(BINDINGS, text);
        }
        auth.bootstrap(dataDir);
        return auth;
    }

    private final Authenticator authenticator = new Authenticator(hash -> Optional.ofNullable(tokens.get(hash)),
            () -> nodeCredentials);

    @Override
    public Authenticator.Result authenticate(String authorizationHeader) {
        return authenticator.authenticate(authorizationHeader);
    }

    @Override
    public Authenticator.Result authenticate(String authorizationHeader, List<java.security.cert.X509Certificate> clientChain) {
        return authenticator.authenticate(authorizationHeader, clientChain, clientCertificates);
    }

    /** From now on, client certificates these CAs signed authenticate (TLS on). */
    public void trustClientCertificates(ClientCertificates certificates) {
        this.clientCertificates = certificates;
    }

    /** The admin token this agent minted as the first of a new cluster, for its announcement; empty on every other agent. */
    public Optional<String> mintedAdminToken() {
        return Optional.ofNullable(mintedAdminToken);
    }

    @Override
    public Authorizer authorizer() {
        return authorizer;
    }

    /** What this agent sends when it calls another agent's API itself. */
    @Override
    public String nodeCredential() {
        return ownCredential;
    }

    /**
     * The token file's tokens become the cluster's file tokens: added, changed, and those no longer
     * in the file removed. Give every agent the same file: the last one started with it decides.
     */
    private void publishTokenFile(Path file) throws IOException {
        List<TokenFile.Entry> entries;
        try {
            entries = TokenFile.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (TokenFile.ParseException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        Set<String> keep = new HashSet<>();
        for (TokenFile.Entry e : entries) {
            String key = TOKEN_PREFIX + Tokens.hash(e.token());
            keep.add(key);
            put(key, encode(e.user(), "file"));
        }
        for (String key : new ArrayList<>(map.keySet())) {
            if (key.startsWith(TOKEN_PREFIX) && !keep.contains(key)) {
                String v = map.get(key);
                if (v != null && "file".equals(Json.JSON.readTree(v).path("source").asText()) && map.remove(key, v)) apply(key, null);
            }
        }
        LOG.info("published " + entries.size() + " token(s) from " + file + " to the cluster (hashes only)");
    }

    /**
     * The first admin credential of a new cluster. Exactly one agent mints it (the one whose
     * putIfAbsent of the marker wins); every agent re-publishes the marker from its data directory
     * on start, so a cluster restarted from cold finds it again instead of minting another.
     */
    private void bootstrap(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path mirror = dataDir.resolve(BOOTSTRAP_MIRROR);
        Path tokenFile = dataDir.resolve(ADMIN_TOKEN_FILE);
        if (Files.isRegularFile(mirror)) putIfAbsent(BOOTSTRAP, Files.readString(mirror).strip());
        if (Files.isRegularFile(tokenFile)) {
            String hash = Tokens.hash(Files.readString(tokenFile).strip());
            putIfAbsent(BOOTSTRAP, marker(hash));
        }
        String marker = map.get(BOOTSTRAP);
        if (marker == null && settings.tokenFile() == null && !settings.insecureDev()) {
            String token = Tokens.mint();
            String mine = marker(Tokens.hash(token));
            if (ConfirmedWrites.putIfAbsent(map, BOOTSTRAP, mine) == null) {
                writeOwnerOnly(tokenFile, token + "\n");
                put(TOKEN_PREFIX + Tokens.hash(token), encode(adminUser(), "bootstrap"));
                mintedAdminToken = token;
                LOG.info("minted the cluster's first admin token into " + tokenFile);
            }
            marker = map.get(BOOTSTRAP);
        }
        if (marker == null) return;  // dev mode or a token file, and no admin token yet: none is needed
        String hash = Json.JSON.readTree(marker).path("hash").asText();
        putIfAbsent(TOKEN_PREFIX + hash, encode(adminUser(), "bootstrap"));
        if (!Files.isRegularFile(mirror) || !Files.readString(mirror).strip().equals(marker)) writeOwnerOnly(mirror, marker + "\n");
    }

    /*
     * Writes made while starting also go straight into the local copy: the listener's event comes
     * later, and the API must know this agent's own tokens from its first request.
     */
    private void put(String key, String value) {
        ConfirmedWrites.put(map, key, value);
        apply(key, value);
    }

    private void putIfAbsent(String key, String value) {
        String prior = ConfirmedWrites.putIfAbsent(map, key, value);
        apply(key, prior != null ? prior : value);
    }

    private String marker(String hash) {
        ObjectNode m = Json.object();
        m.put("node", nodeName);
        m.put("hash", hash);
        return m.toString();
    }

    private static UserInfo adminUser() {
        return UserInfo.authenticated(ADMIN_USER, "", List.of(UserInfo.MASTERS));
    }

    /** Creates the file readable by its owner only, from the first byte (never briefly world-readable). */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("could not create " + tmp, e);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String encode(UserInfo user, String source) {
        ObjectNode o = Json.object();
        o.put("user", user.name());
        o.put("uid", user.uid());
        ArrayNode groups = o.putArray("groups");
        user.groups().forEach(groups::add);
        o.put("source", source);
        return o.toString();
    }

    static UserInfo decode(String value) throws IOException {
        JsonNode o = Json.JSON.readTree(value);
        List<String> groups = new ArrayList<>();
        o.path("groups").forEach(g -> groups.add(g.asText()));
        return UserInfo.authenticated(o.path("user").asText(), o.path("uid").asText(""), groups);
    }

    /** The configured bindings, plus dev mode's: cluster-admin for requests without credentials. */
    private List<Binding> devBindings(List<Binding> configured) {
        if (!settings.insecureDev()) return configured;
        List<Binding> all = new ArrayList<>(configured);
        all.add(Binding.group(Role.CLUSTER_ADMIN, UserInfo.UNAUTHENTICATED, ""));
        return all;
    }

    /** One entry into the in-memory copy. Called on Hazelcast event threads: no blocking. */
    private void apply(String key, String value) {
        try {
            if (key.startsWith(TOKEN_PREFIX)) {
                String hash = key.substring(TOKEN_PREFIX.length());
                if (value == null) tokens.remove(hash);
                else tokens.put(hash, decode(value));
            } else if (key.equals(BINDINGS)) {
                authorizer = new Authorizer(devBindings(value == null ? List.of() : Bindings.parse(value)));
            } else if (key.equals(NODE_SECRET) && value != null) {
                NodeCredentials n = new NodeCredentials(Base64.getDecoder().decode(value));
                nodeCredentials = Optional.of(n);
                ownCredential = n.mint(nodeName);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("ignoring the cluster's auth entry " + key + ": " + e.getMessage());
        }
    }

    private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>, MapClearedListener {
        @Override public void entryAdded(EntryEvent<String, String> e) { apply(e.getKey(), e.getValue()); }
        @Override public void entryUpdated(EntryEvent<String, String> e) { apply(e.getKey(), e.getValue()); }
        @Override public void entryRemoved(EntryEvent<String, String> e) { apply(e.getKey(), null); }
        @Override public void mapCleared(MapEvent e) { tokens.clear(); }
    }

    @Override
    public void close() {
        try {
            if (listener != null) map.removeEntryListener(listener);
        } catch (RuntimeException e) {
            // the member is going away anyway
        }
    }

    /** For messages: how many tokens the cluster knows. */
    public int tokenCount() {
        return tokens.size();
    }

}
