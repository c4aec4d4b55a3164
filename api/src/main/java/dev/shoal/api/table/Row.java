package dev.shoal.api.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One object's cells (Strings or Longs, one per column of its {@link Table}) and the object itself,
 * so a caller can still reach its namespace or name.
 */
public record Row(List<Object> cells, ObjectNode object) {
    public Row {
        cells = List.copyOf(cells);
    }
}
