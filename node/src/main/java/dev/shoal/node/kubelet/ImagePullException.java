package dev.shoal.node.kubelet;

import java.io.IOException;

/**
 * The container's image cannot be had: the pod waits with {@link #reason()} (ErrImagePull, then
 * ImagePullBackOff while it backs off; ErrImageNeverPull when the policy forbids pulling).
 * Unlike a start error, nothing ran, so no restart is counted.
 */
public final class ImagePullException extends IOException {
    private final String reason;

    public ImagePullException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
