package dev.shoal.node.controller;

/** A controller write refused because a newer leader (a higher epoch) has written the object. */
final class Fenced extends RuntimeException {
    final long newerEpoch;

    Fenced(long newerEpoch, long ourEpoch, String what) {
        super("fenced: " + what + " was written under epoch " + newerEpoch + ", newer than ours (" + ourEpoch + ")");
        this.newerEpoch = newerEpoch;
    }
}
