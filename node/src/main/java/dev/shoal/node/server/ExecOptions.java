package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;

import java.util.List;

/**
 * The parameters of one {@code pods/NAME/exec} request, checked as Kubernetes checks them (the
 * API server the container, the kubelet the rest), with its messages where it has them.
 *
 * @param container the container to run beside: the requested one, or the pod's only one
 * @param command   the program and its arguments, never empty
 * @param stdin     whether the client sends stdin (channel 0)
 * @param stdout    whether it wants stdout (channel 1); not wanted, it is discarded
 * @param stderr    whether it wants stderr (channel 2)
 */
record ExecOptions(String container, List<String> command, boolean stdin, boolean stdout, boolean stderr) {
    ExecOptions {
        command = List.copyOf(command);
    }

    /** Pure. @throws ApiException 400 naming the parameter at fault */
    static ExecOptions parse(ObjectNode pod, Query q) {
        String container = PodContainers.choose(pod, q.get("container"));
        List<String> command = q.all("command");
        if (command.isEmpty() || command.get(0).isEmpty()) {
            throw ApiException.badRequest("you must specify at least one command for the container",
                    FieldCause.required("command"));
        }
        boolean stdin = q.flag("stdin");
        boolean stdout = q.flag("stdout");
        boolean stderr = q.flag("stderr");
        if (!stdin && !stdout && !stderr) {
            throw ApiException.badRequest("you must specify at least 1 of stdin, stdout, stderr",
                    FieldCause.required("stdout", "at least 1 of stdin, stdout, stderr"));
        }
        if (q.flag("tty")) {
            throw ApiException.badRequest("tty: Unsupported value: true: Shoal's exec has no terminals; run without -t",
                    FieldCause.notSupported("tty", "Unsupported value: true: Shoal's exec has no terminals"));
        }
        return new ExecOptions(container, command, stdin, stdout, stderr);
    }
}
