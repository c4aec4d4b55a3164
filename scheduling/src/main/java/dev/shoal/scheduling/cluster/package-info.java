/**
 * Distributed bidding over Hazelcast (design.md, "The path of one apply", step 4): the only part of
 * {@code scheduling} that touches the cluster. Decisions stay in the pure package
 * {@code dev.shoal.scheduling}; this package moves them between members and makes them stick.
 *
 * <ul>
 *   <li>{@link dev.shoal.scheduling.cluster.PodRequests} and
 *       {@link dev.shoal.scheduling.cluster.NodeProfile}: Kubernetes Pod and Node objects to what
 *       the scheduler reasons about (pure).</li>
 *   <li>{@link dev.shoal.scheduling.cluster.LedgerStore}: every node's reservation ledger in the
 *       map {@code shoal.ledger}, changed only by entry processors that decide once on the
 *       partition owner and ship the result to the backups.</li>
 *   <li>{@link dev.shoal.scheduling.cluster.BiddingService}: one per agent; answers calls for bids
 *       for the nodes this member hosts, and places pods for the Deployments this member leads.</li>
 * </ul>
 *
 * <p>Internal: the task and entry processor classes (package-private) and the wire records
 * ({@code BidRequest}, {@code BidReply}, {@code NodeBids}), which are Java-serialised and so must
 * only ever hold records of serialisable values.
 */
package dev.shoal.scheduling.cluster;
