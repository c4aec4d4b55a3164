package dev.shoal.api.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

import static dev.shoal.api.table.Fields.at;
import static dev.shoal.api.table.Fields.number;
import static dev.shoal.api.table.Fields.orNone;
import static dev.shoal.api.table.Fields.text;

/** kubectl's replica set columns. */
final class ReplicaSetPrinter implements KindPrinter {
    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.integer("Desired", "The number of replicas asked for (spec.replicas)."),
            Column.integer("Current", "The number of replicas that exist (status.replicas)."),
            Column.integer("Ready", "The number of ready replicas."),
            Column.age(),
            Column.of("Containers", "Container names in the pod template.").wide(),
            Column.of("Images", "Container images in the pod template.").wide(),
            Column.of("Selector", "The label selector of the replica set's pods.").wide());

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode rs, List<Column> columns, Instant now) {
        long desired = at(rs, "spec", "replicas").isMissingNode() ? 1 : number(rs, "spec", "replicas");
        return List.of(
                text(rs, "metadata", "name"),
                desired,
                number(rs, "status", "replicas"),
                number(rs, "status", "readyReplicas"),
                Fields.age(rs, now),
                Fields.containerNames(at(rs, "spec", "template", "spec")),
                Fields.containerImages(at(rs, "spec", "template", "spec")),
                orNone(Fields.selector(at(rs, "spec", "selector"))));
    }
}
