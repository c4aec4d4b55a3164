/**
 * The pure decision core of Shoal's distributed bidding scheduler (design.md, "The path of one
 * apply", step 4).
 *
 * <p>Nothing in this package does I/O, holds a lock or starts a thread: every decision is a
 * function of immutable snapshots, so it can be tested with tables and replayed from a log.
 * The adapter that talks to Hazelcast will live in {@code dev.shoal.scheduling.cluster}.
 *
 * <ul>
 *   <li>A node answers a call for bids with {@link dev.shoal.scheduling.BidPipeline#bidBatch}:
 *       a chain of {@link dev.shoal.scheduling.NodeFilter}s (can it run here?, with the reason
 *       if not) and weighted {@link dev.shoal.scheduling.NodeScorer}s (how good is it?).</li>
 *   <li>The Deployment's leader runs one {@link dev.shoal.scheduling.Auction} over all bids for a
 *       batch of pods, or over a {@link dev.shoal.scheduling.Sampler#sample sample} of nodes in
 *       large clusters.</li>
 *   <li>Each award commits only if {@link dev.shoal.scheduling.Ledger#tryReserve} succeeds on the
 *       node's ledger under compare-and-set, retried at most
 *       {@link dev.shoal.scheduling.Auction#MAX_AWARD_RETRIES} times.</li>
 * </ul>
 *
 * <p>Quantities are plain numbers (millicores, bytes); parsing "500m" or "1Gi" is the API's job.
 */
package dev.shoal.scheduling;
