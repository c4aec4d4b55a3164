package dev.shoal.node.kubelet;

import java.time.Instant;

/** A container a runtime started (or found still running after an agent restart). */
public record RunningContainer(String id, String podUid, String podNamespace, String podName,
                               String containerName, Instant startedAt) {}
