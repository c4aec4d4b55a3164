package dev.shoal.api.table;

import java.util.List;

/** Columns and rows, as Kubernetes' {@code meta.k8s.io/v1 Table}. */
public record Table(List<Column> columns, List<Row> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
