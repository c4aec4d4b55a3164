package dev.shoal.api.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.shoal.api.table.Fields.at;
import static dev.shoal.api.table.Fields.number;
import static dev.shoal.api.table.Fields.text;

/** kubectl's event columns; unlike other kinds, the event's own name is only in the wide view. */
final class EventPrinter implements KindPrinter {
    private static final List<Column> COLUMNS = List.of(
            Column.of("Last Seen", "Time since the event was last observed."),
            Column.of("Type", "Normal or Warning."),
            Column.of("Reason", "A machine-readable reason, e.g. ScalingReplicaSet."),
            Column.of("Object", "The object the event is about, as kind/name."),
            Column.of("Subobject", "The part of the object, e.g. spec.containers{web}.").wide(),
            Column.of("Source", "The component (and node) that reported the event.").wide(),
            Column.of("Message", "What happened."),
            Column.of("First Seen", "Time since the event was first observed.").wide(),
            Column.integer("Count", "How many times it happened.").wide(),
            Column.nameColumn().wide());

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode e, List<Column> columns, Instant now) {
        String first = !text(e, "firstTimestamp").isEmpty() ? text(e, "firstTimestamp") : text(e, "eventTime");
        String last = !text(e, "lastTimestamp").isEmpty() ? text(e, "lastTimestamp") : first;
        if (!text(e, "series", "lastObservedTime").isEmpty()) last = text(e, "series", "lastObservedTime");
        long count = !at(e, "series").isMissingNode() ? number(e, "series", "count") : Math.max(1, number(e, "count"));
        String kind = text(e, "involvedObject", "kind").toLowerCase(Locale.ROOT);
        String name = text(e, "involvedObject", "name");
        return List.of(
                Ages.since(last, now),
                text(e, "type"),
                text(e, "reason"),
                name.isEmpty() ? kind : kind + "/" + name,
                text(e, "involvedObject", "fieldPath"),
                source(e),
                text(e, "message").strip(),
                Ages.since(first, now),
                count,
                text(e, "metadata", "name"));
    }

    /** "kubelet, node-1", falling back to the reporting controller of the events.k8s.io shape. */
    static String source(ObjectNode e) {
        List<String> parts = new ArrayList<>();
        String component = text(e, "source", "component");
        String host = text(e, "source", "host");
        if (component.isEmpty()) {
            component = text(e, "reportingComponent");
            host = text(e, "reportingInstance");
        }
        parts.add(component);
        if (!host.isEmpty()) parts.add(host);
        return String.join(", ", parts);
    }
}
