package dev.shoal.api.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

import static dev.shoal.api.table.Fields.text;

/** kubectl's namespace columns. */
final class NamespacePrinter implements KindPrinter {
    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.of("Status", "Active, or Terminating while its objects are deleted."),
            Column.age());

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ns, List<Column> columns, Instant now) {
        return List.of(text(ns, "metadata", "name"), text(ns, "status", "phase"), Fields.age(ns, now));
    }
}
