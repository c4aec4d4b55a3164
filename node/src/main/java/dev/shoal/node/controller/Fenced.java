package dev.shoal.node.controller;

/**
 * A controller write refused because another leader wrote the object under a higher epoch (or,
 * for a new leader's claim, under the same epoch: see {@link FencedWriter#claim}).
 */
final class Fenced extends RuntimeException {
    final long newerEpoch;

    Fenced(long newerEpoch, long ourEpoch, String what) {
        super("fenced: " + what + " was written by another leader under epoch " + newerEpoch + " (ours: " + ourEpoch + ")");
        this.newerEpoch = newerEpoch;
    }
}
