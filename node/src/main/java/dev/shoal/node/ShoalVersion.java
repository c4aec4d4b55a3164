package dev.shoal.node;

/** The version of this build of Shoal, shown by {@code shoal version} and in Node objects. */
public final class ShoalVersion {
    public static final String VERSION = "0.1.0";

    private ShoalVersion() {}
}
