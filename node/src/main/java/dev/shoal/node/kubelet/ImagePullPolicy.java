package dev.shoal.node.kubelet;

/** A container's {@code imagePullPolicy}, as Kubernetes defines it. */
public enum ImagePullPolicy {
    /** Pull before every start, even if the image is here (a moving tag such as :latest). */
    ALWAYS,
    /** Pull only when the image is not on the node: the default for a pinned tag. */
    IF_NOT_PRESENT,
    /** Never pull: the image must already be on the node (images built locally). */
    NEVER;

    /** Parses the API's spelling; empty means {@link #IF_NOT_PRESENT} (the API server defaults it before we see it). */
    public static ImagePullPolicy parse(String text) {
        return switch (text == null ? "" : text) {
            case "Always" -> ALWAYS;
            case "Never" -> NEVER;
            case "", "IfNotPresent" -> IF_NOT_PRESENT;
            default -> throw new IllegalArgumentException("imagePullPolicy: unsupported value \"" + text
                    + "\": supported values: \"Always\", \"IfNotPresent\", \"Never\"");
        };
    }
}
