/**
 * Per-key leadership with epochs (fencing tokens), built on what open-source Hazelcast
 * guarantees: an entry processor runs atomically on its key's partition owner. No CP subsystem,
 * no IMap locks (which can have two holders after a pause or a split).
 */
package dev.shoal.membership.lease;
