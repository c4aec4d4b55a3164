package dev.shoal.node.kubelet;

import dev.shoal.membership.StateStore;
import dev.shoal.node.events.EventRecorder;

import java.time.Clock;

/** What every pod worker of one node shares. */
record KubeletContext(StateStore store, ContainerRuntime runtime, HostPorts ports, Prober prober,
                      String nodeName, String hostIP, KubeletConfig config, Clock clock, EventRecorder events) {}
