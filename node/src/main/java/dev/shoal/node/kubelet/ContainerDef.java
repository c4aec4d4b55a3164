package dev.shoal.node.kubelet;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a pod's {@code spec.containers}, as the kubelet needs it.
 *
 * @param ports   the container ports; hostPort as the pod asks (0: let the node choose)
 * @param preStop {@code lifecycle.preStop}: run before the container is sent SIGTERM
 * @param security the effective securityContext (the container's over the pod's)
 */
record ContainerDef(String name, String image, ImagePullPolicy imagePullPolicy, List<String> command, List<String> args, Map<String, String> env,
                    String workingDir, List<ContainerSpec.Port> ports, String cpuLimit, String memoryLimit,
                    Optional<Probe> startupProbe, Optional<Probe> livenessProbe, Optional<Probe> readinessProbe,
                    Optional<Probe.Action> preStop, SecurityContext security) {}
