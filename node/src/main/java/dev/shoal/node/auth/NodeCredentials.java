package dev.shoal.node.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * The credential an agent shows when it calls another agent's API itself (forwarding
 * {@code pods/log} and {@code pods/exec}): {@code shoal-node.NODE.MAC}, where MAC is
 * HMAC-SHA256(cluster secret, NODE). The cluster secret is 32 random bytes kept in the cluster's
 * replicated auth map, so every member can mint its own credential and check anyone's, and nothing
 * has to be distributed by hand. The holder is user {@code system:node:NODE} in group
 * {@code system:nodes}. Pure given the secret.
 */
public final class NodeCredentials {
    static final String PREFIX = "shoal-node.";

    private final byte[] secret;

    public NodeCredentials(byte[] secret) {
        if (secret.length < 16) throw new IllegalArgumentException("the cluster secret is too short");
        this.secret = secret.clone();
    }

    public String mint(String nodeName) {
        return PREFIX + nodeName + "." + mac(nodeName);
    }

    /** The node a credential stands for, if it is one of this cluster's; empty if it is not a node credential at all. */
    public Optional<UserInfo> verify(String token) {
        if (!token.startsWith(PREFIX)) return Optional.empty();
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) return Optional.empty();
        String node = token.substring(PREFIX.length(), dot);
        if (!Tokens.constantTimeEquals(mac(node), token.substring(dot + 1))) return Optional.empty();
        return Optional.of(UserInfo.authenticated(UserInfo.NODE_PREFIX + node, "", java.util.List.of(UserInfo.NODES)));
    }

    static boolean looksLikeNodeCredential(String token) {
        return token.startsWith(PREFIX);
    }

    private String mac(String nodeName) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(nodeName.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
