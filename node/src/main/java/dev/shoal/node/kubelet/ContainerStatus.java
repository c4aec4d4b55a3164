package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** One entry of a pod's {@code status.containerStatuses}, as Kubernetes shapes it. */
record ContainerStatus(String name, String image, String containerId, boolean ready, boolean started,
                       int restartCount, State state, Optional<Terminated> lastState) {

    sealed interface State permits Waiting, Running, Terminated {}

    record Waiting(String reason, String message) implements State {}

    record Running(Instant startedAt) implements State {}

    /** @param reason Completed, Error, or a kubelet reason such as {@link KubeletReasons#START_ERROR} */
    record Terminated(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt,
                      String containerId) implements State {
        static Terminated of(ContainerState.Exited e, String containerId) {
            return new Terminated(e.exitCode(), e.exitCode() == 0 ? KubeletReasons.COMPLETED : KubeletReasons.ERROR, "",
                    e.startedAt(), e.finishedAt(), containerId);
        }
    }

    ObjectNode toJson() {
        ObjectNode cs = Json.object();
        cs.put("name", name);
        cs.set("state", stateJson(state));
        cs.set("lastState", lastState.map(ContainerStatus::stateJson).orElseGet(Json::object));
        cs.put("ready", ready);
        cs.put("restartCount", restartCount);
        cs.put("image", image);
        cs.put("imageID", "");
        if (!containerId.isEmpty()) cs.put("containerID", containerId);
        cs.put("started", started);
        return cs;
    }

    static ObjectNode stateJson(State s) {
        ObjectNode out = Json.object();
        if (s instanceof Waiting w) {
            ObjectNode o = out.putObject("waiting").put("reason", w.reason());
            if (!w.message().isEmpty()) o.put("message", w.message());
        } else if (s instanceof Running r) {
            out.putObject("running").put("startedAt", time(r.startedAt()));
        } else if (s instanceof Terminated t) {
            ObjectNode o = out.putObject("terminated").put("exitCode", t.exitCode()).put("reason", t.reason());
            if (!t.message().isEmpty()) o.put("message", t.message());
            o.put("startedAt", time(t.startedAt())).put("finishedAt", time(t.finishedAt()));
            if (!t.containerId().isEmpty()) o.put("containerID", t.containerId());
        }
        return out;
    }

    /** RFC 3339 to the second, as Kubernetes writes times, so an unchanged state compares equal. */
    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
