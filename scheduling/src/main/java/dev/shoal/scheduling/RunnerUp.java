package dev.shoal.scheduling;

import java.io.Serializable;

/** A node that could also have taken the pod, and its score at the moment the pod was awarded. */
public record RunnerUp(String node, double score) implements Serializable {}
