package dev.shoal.api.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.shoal.api.table.Fields.at;
import static dev.shoal.api.table.Fields.number;
import static dev.shoal.api.table.Fields.orNone;
import static dev.shoal.api.table.Fields.text;

/**
 * kubectl's deployment columns, plus Shoal's LEADER and EPOCH (wide only): which node currently
 * reconciles the deployment and its fencing epoch. They appear only when some deployment in the
 * list carries the annotations, so a table from a cluster without them looks exactly like kubectl's.
 */
final class DeploymentPrinter implements KindPrinter {
    static final String LEADER_ANNOTATION = "shoal.dev/leader";
    static final String EPOCH_ANNOTATION = "shoal.dev/leader-epoch";

    private static final List<Column> KUBECTL = List.of(
            Column.nameColumn(),
            Column.of("Ready", "Ready replicas out of the desired number."),
            Column.integer("Up-to-date", "Replicas running the current pod template."),
            Column.integer("Available", "Replicas ready for at least minReadySeconds."),
            Column.age(),
            Column.of("Containers", "Container names in the pod template.").wide(),
            Column.of("Images", "Container images in the pod template.").wide(),
            Column.of("Selector", "The label selector of the deployment's pods.").wide());
    private static final Column LEADER = Column.of("Leader", "The node currently reconciling this deployment.").wide();
    private static final Column EPOCH = Column.of("Epoch", "The fencing epoch of the current leader's lease.").wide();

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        boolean led = objects.stream().anyMatch(d -> !text(d, "metadata", "annotations", LEADER_ANNOTATION).isEmpty());
        if (!led) return KUBECTL;
        List<Column> columns = new ArrayList<>(KUBECTL);
        columns.add(LEADER);
        columns.add(EPOCH);
        return columns;
    }

    @Override
    public List<Object> cells(ObjectNode d, List<Column> columns, Instant now) {
        // an absent spec.replicas means the default of 1
        long desired = at(d, "spec", "replicas").isMissingNode() ? 1 : number(d, "spec", "replicas");
        List<Object> cells = new ArrayList<>(List.of(
                text(d, "metadata", "name"),
                number(d, "status", "readyReplicas") + "/" + desired,
                number(d, "status", "updatedReplicas"),
                number(d, "status", "availableReplicas"),
                Fields.age(d, now),
                Fields.containerNames(at(d, "spec", "template", "spec")),
                Fields.containerImages(at(d, "spec", "template", "spec")),
                orNone(Fields.selector(at(d, "spec", "selector")))));
        if (columns.contains(LEADER)) {
            cells.add(orNone(text(d, "metadata", "annotations", LEADER_ANNOTATION)));
            cells.add(orNone(text(d, "metadata", "annotations", EPOCH_ANNOTATION)));
        }
        return cells;
    }
}
