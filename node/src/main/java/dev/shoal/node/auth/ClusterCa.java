package dev.shoal.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.shoal.api.Json;
import dev.shoal.node.tls.CertificateAuthority;
import dev.shoal.node.tls.KeyAndCert;
import dev.shoal.node.tls.Pem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Which CA the cluster's API certificates chain to: one per cluster, made by the first agent and
 * kept by all. In the {@code shoal.auth} map under {@code ca} ({"node", "cert", "key"} in PEM), so
 * every member can sign its own serving certificate, and on every agent's disk as
 * {@code <data-dir>/ca.crt} and {@code ca.key} (0600), re-published on start, so a cluster
 * restarted from cold keeps its CA and every kubeconfig handed out stays good.
 *
 * <p>Race-free: every agent offers a CA with putIfAbsent (its own from disk, else a new one) and
 * uses whichever the map holds afterwards. An agent whose files hold another CA (it was part of a
 * different cluster, or of a split brain at bootstrap) takes the cluster's and says so.
 */
public final class ClusterCa {
    private static final Logger LOG = Logger.getLogger(ClusterCa.class.getName());
    static final String KEY = "ca";
    public static final String CERT_FILE = "ca.crt";
    public static final String KEY_FILE = "ca.key";

    /** What this agent found: the cluster's CA, and whether this agent made it just now. */
    public record Resolved(CertificateAuthority ca, boolean madeHere) {}

    private ClusterCa() {}

    /** @throws IllegalArgumentException ca.crt/ca.key in the data directory that cannot be used (named) */
    public static Resolved resolve(HazelcastInstance hz, String nodeName, Path dataDir, Clock clock) throws IOException {
        IMap<String, String> map = hz.getMap(ClusterAuth.MAP);
        Files.createDirectories(dataDir);
        Path certFile = dataDir.resolve(CERT_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        CertificateAuthority onDisk = null;
        if (Files.exists(certFile) || Files.exists(keyFile)) {
            try {
                onDisk = new CertificateAuthority(new KeyAndCert(Pem.readPrivateKey(keyFile), Pem.readCertificates(certFile).get(0)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the cluster CA in " + dataDir + " (" + CERT_FILE + ", " + KEY_FILE
                        + ") cannot be used: " + e.getMessage() + "; remove both files to take the cluster's CA");
            }
        }
        CertificateAuthority offered = onDisk != null ? onDisk : CertificateAuthority.generate("shoal-ca", clock);
        String prior = ConfirmedWrites.putIfAbsent(map, KEY, encode(nodeName, offered));
        CertificateAuthority ca = prior == null ? offered : decode(prior);
        boolean madeHere = prior == null && onDisk == null;
        if (onDisk == null || !onDisk.certificate().equals(ca.certificate())) {
            if (onDisk != null) {
                LOG.warning("the CA in " + certFile + " is not this cluster's (" + ca.certificate().getSubjectX500Principal()
                        + ", serial " + ca.certificate().getSerialNumber().toString(16) + "); replacing it with the cluster's");
            }
            ClusterAuth.writeOwnerOnly(keyFile, Pem.privateKey(ca.keyAndCert().key()));
            ClusterAuth.writeOwnerOnly(certFile, Pem.certificate(ca.certificate()));
        }
        if (madeHere) LOG.info("made the cluster's CA (" + certFile + ")");
        return new Resolved(ca, madeHere);
    }

    static String encode(String nodeName, CertificateAuthority ca) {
        ObjectNode o = Json.object();
        o.put("node", nodeName);
        o.put("cert", Pem.certificate(ca.certificate()));
        o.put("key", Pem.privateKey(ca.keyAndCert().key()));
        return o.toString();
    }

    static CertificateAuthority decode(String value) throws IOException {
        JsonNode o = Json.JSON.readTree(value);
        return new CertificateAuthority(new KeyAndCert(Pem.parsePrivateKey(o.path("key").asText()),
                Pem.parseCertificates(o.path("cert").asText()).get(0)));
    }
}
