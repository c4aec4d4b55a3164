package dev.shoal.node.kubelet;

import java.util.List;
import java.util.Map;

/**
 * What a runtime needs to start one container of one pod. Built by the kubelet from the pod's
 * spec; the runtime never reads the pod itself.
 *
 * @param ports       the container's ports, each with the host port the kubelet assigned
 * @param cpuLimit    Kubernetes quantity ("500m"), "" when unlimited
 * @param memoryLimit Kubernetes quantity ("128Mi"), "" when unlimited
 * @param security    user, read-only root, privileges and capabilities (applied by Docker only)
 */
public record ContainerSpec(String podUid, String podNamespace, String podName, String containerName,
                            String image, List<String> command, List<String> args, Map<String, String> env,
                            String workingDir, List<Port> ports, String cpuLimit, String memoryLimit,
                            SecurityContext security) {
    /** Without a securityContext. */
    public ContainerSpec(String podUid, String podNamespace, String podName, String containerName,
                         String image, List<String> command, List<String> args, Map<String, String> env,
                         String workingDir, List<Port> ports, String cpuLimit, String memoryLimit) {
        this(podUid, podNamespace, podName, containerName, image, command, args, env, workingDir, ports, cpuLimit, memoryLimit,
                SecurityContext.NONE);
    }

    public ContainerSpec {
        if (podUid == null || podUid.isEmpty()) throw new IllegalArgumentException("podUid: must not be empty");
        if (containerName == null || containerName.isEmpty()) throw new IllegalArgumentException("containerName: must not be empty");
        image = image == null ? "" : image;
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        ports = List.copyOf(ports);
        cpuLimit = cpuLimit == null ? "" : cpuLimit;
        memoryLimit = memoryLimit == null ? "" : memoryLimit;
        security = security == null ? SecurityContext.NONE : security;
    }

    /** @param hostPort the port on the node's address; 0 when the container port is not published */
    public record Port(String name, int containerPort, int hostPort, String protocol) {
        public Port {
            name = name == null ? "" : name;
            protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
        }
    }
}
