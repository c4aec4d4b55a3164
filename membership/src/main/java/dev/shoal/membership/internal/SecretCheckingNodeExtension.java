package dev.shoal.membership.internal;

import com.hazelcast.instance.impl.DefaultNodeContext;
import com.hazelcast.instance.impl.DefaultNodeExtension;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.instance.impl.NodeContext;
import com.hazelcast.instance.impl.NodeExtension;
import com.hazelcast.internal.cluster.impl.JoinMessage;
import com.hazelcast.internal.cluster.impl.JoinRequest;
import dev.shoal.membership.JoinAllowList;

import java.util.logging.Logger;

/**
 * Hazelcast's open-source node, plus one check on the master: a member is admitted only if its
 * join request carries a valid {@link JoinProof} for the address it joins from. Hazelcast calls
 * {@link #validateJoinRequest} before it admits the member; throwing here makes the master refuse
 * the join and tell the joiner, which shuts itself down, never having received a partition. This
 * is the only hook the open-source edition has before admission (its own member authentication
 * and TLS are Enterprise features).
 */
final class SecretCheckingNodeExtension extends DefaultNodeExtension {
    private static final Logger LOG = Logger.getLogger(SecretCheckingNodeExtension.class.getName());

    private final String secret;
    private final String clusterName;
    private final JoinAllowList allowed;

    SecretCheckingNodeExtension(Node node, String secret, String clusterName, JoinAllowList allowed) {
        super(node);
        this.secret = secret;
        this.clusterName = clusterName;
        this.allowed = allowed;
    }

    /** A node context whose nodes check join proofs with {@code secret}. */
    static NodeContext context(String secret, String clusterName) {
        return context(secret, clusterName, JoinAllowList.ANY);
    }

    /** ... and admit members only from the {@code allowed} networks (checked first). */
    static NodeContext context(String secret, String clusterName, JoinAllowList allowed) {
        return new DefaultNodeContext() {
            @Override
            public NodeExtension createNodeExtension(Node node) {
                return new SecretCheckingNodeExtension(node, secret, clusterName, allowed);
            }
        };
    }

    @Override
    public void validateJoinRequest(JoinMessage message) {
        super.validateJoinRequest(message);
        if (!(message instanceof JoinRequest request)) return;
        String from = request.getAddress().getHost() + ":" + request.getAddress().getPort();
        if (!allowed.allows(request.getAddress().getHost())) {
            String why = "refused member " + from + " (uuid " + request.getUuid() + "): its address is not in --cluster-allow ("
                    + allowed + ")";
            LOG.severe(why);
            throw new SecurityException(why);
        }
        String expected = JoinProof.of(secret, clusterName, from);
        if (!JoinProof.matches(expected, request.getAttributes().get(JoinProof.ATTRIBUTE))) {
            String why = "refused member " + from + " (uuid " + request.getUuid() + "): it did not prove the cluster secret"
                    + " (started with another --cluster-secret-file, or none)";
            LOG.severe(why);
            throw new SecurityException(why);
        }
    }
}
