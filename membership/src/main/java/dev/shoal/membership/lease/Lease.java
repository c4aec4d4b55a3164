package dev.shoal.membership.lease;

import java.io.Serializable;

/**
 * Who leads one piece of controller work (one Deployment), until when, under which epoch.
 *
 * @param holder          node name of the leader
 * @param epoch           rises on every new grant; every write the leader makes carries it (fencing)
 * @param expiresAtMillis wall-clock expiry, as judged by the clock of the member that owns the key
 */
public record Lease(String holder, long epoch, long expiresAtMillis) implements Serializable {

    public boolean heldBy(String node) {
        return holder.equals(node);
    }
}
