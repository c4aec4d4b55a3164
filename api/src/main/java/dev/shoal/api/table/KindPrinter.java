package dev.shoal.api.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** The columns kubectl prints for one kind, normal and wide alike, and how to fill them. */
interface KindPrinter {
    /** All columns, wide ones with priority 1. The objects are given so a column may appear only when used. */
    List<Column> columns(List<ObjectNode> objects);

    /** One cell per column returned by {@link #columns} for the same objects. */
    List<Object> cells(ObjectNode obj, List<Column> columns, Instant now);
}
