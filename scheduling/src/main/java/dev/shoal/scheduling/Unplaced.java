package dev.shoal.scheduling;

import java.io.Serializable;

/**
 * A pod no node could take in this round; it stays Pending with this summary.
 *
 * @param summary Kubernetes' FitError text, e.g.
 *     {@code "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 insufficient memory."}
 */
public record Unplaced(String podKey, String summary) implements Serializable {}
