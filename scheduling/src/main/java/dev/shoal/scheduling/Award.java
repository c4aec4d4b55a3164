package dev.shoal.scheduling;

import java.io.Serializable;
import java.util.List;

/**
 * A pod given to a node. Not yet binding: it commits only when the node's ledger accepts the
 * reservation ({@link Ledger#tryReserve}).
 *
 * @param score the winning score, as the leader computed it at award time
 * @param runnersUp up to two next-best nodes with their scores, best first: why this node and not those
 */
public record Award(String podKey, String node, double score, List<RunnerUp> runnersUp) implements Serializable {
    public Award {
        runnersUp = List.copyOf(runnersUp);
    }
}
