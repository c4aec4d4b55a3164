package dev.shoal.membership.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What a joining member shows to prove it holds the cluster secret without sending it: an
 * HMAC-SHA256, keyed by the secret, of the cluster name and the address the member joins from.
 * It travels as a member attribute in Hazelcast's join request and is checked by the master
 * ({@link SecretCheckingNodeExtension}) before the member is admitted, i.e. before any partition
 * or state is sent to it. Bound to the address, a proof overheard on the wire is of no use from
 * any other address. Pure.
 */
public final class JoinProof {
    /** Member attribute carrying the proof. */
    public static final String ATTRIBUTE = "shoal.join-proof";

    private JoinProof() {}

    /** @return the proof, or "" when the cluster has no secret */
    public static String of(String secret, String clusterName, String memberAddress) {
        if (secret.isEmpty()) return "";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] tag = mac.doFinal(("shoal-join\n" + clusterName + "\n" + memberAddress).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison of what a joiner showed with what it should have. */
    public static boolean matches(String expected, String shown) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                (shown == null ? "" : shown).getBytes(StandardCharsets.US_ASCII));
    }
}
