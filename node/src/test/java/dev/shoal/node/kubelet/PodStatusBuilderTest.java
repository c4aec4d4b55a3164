package dev.shoal.node.kubelet;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodStatusBuilderTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private static ContainerStatus c(ContainerStatus.State state, boolean ranBefore) {
        Optional<ContainerStatus.Terminated> last = ranBefore
                ? Optional.of(new ContainerStatus.Terminated(1, "Error", "", T, T, "")) : Optional.empty();
        return new ContainerStatus("c", "img", "", false, false, 0, state, last);
    }

    private static final ContainerStatus.State RUNNING = new ContainerStatus.Running(T);
    private static final ContainerStatus.State WAITING = new ContainerStatus.Waiting("ContainerCreating", "");
    private static final ContainerStatus.State OK = new ContainerStatus.Terminated(0, "Completed", "", T, T, "");
    private static final ContainerStatus.State FAILED = new ContainerStatus.Terminated(1, "Error", "", T, T, "");

    @Test
    void phaseFollowsKubernetes() {
        assertEquals("Pending", PodStatusBuilder.phase(RestartPolicy.ALWAYS, List.of(c(WAITING, false), c(RUNNING, false))));
        assertEquals("Running", PodStatusBuilder.phase(RestartPolicy.ALWAYS, List.of(c(RUNNING, false))));
        assertEquals("Running", PodStatusBuilder.phase(RestartPolicy.ALWAYS, List.of(c(WAITING, true))), "in back-off");
        assertEquals("Running", PodStatusBuilder.phase(RestartPolicy.ALWAYS, List.of(c(OK, false))));
        assertEquals("Succeeded", PodStatusBuilder.phase(RestartPolicy.ON_FAILURE, List.of(c(OK, false))));
        assertEquals("Running", PodStatusBuilder.phase(RestartPolicy.ON_FAILURE, List.of(c(FAILED, false))));
        assertEquals("Failed", PodStatusBuilder.phase(RestartPolicy.NEVER, List.of(c(OK, false), c(FAILED, false))));
        assertEquals("Succeeded", PodStatusBuilder.phase(RestartPolicy.NEVER, List.of(c(OK, false))));
    }

    @Test
    void phasesOnlyMoveForward() {
        assertEquals("Running", PodStatusBuilder.advance("Running", "Pending"));
        assertEquals("Failed", PodStatusBuilder.advance("Failed", "Running"));
        assertEquals("Running", PodStatusBuilder.advance("Pending", "Running"));
    }
}
