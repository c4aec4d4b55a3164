package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import dev.shoal.api.table.Column;
import dev.shoal.api.table.Row;
import dev.shoal.api.table.Table;
import dev.shoal.api.table.Tables;

import java.time.Instant;
import java.util.List;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that kubectl asks for with
 * {@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}. The columns come from
 * {@link Tables}, the same code the shoal CLI prints with, so both show the same thing.
 */
final class TableBodies {
    private TableBodies() {}

    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    static ObjectNode of(ResourceType type, List<ObjectNode> objects, long resourceVersion, Instant now) {
        Table table = Tables.table(type, objects, true, now);
        ObjectNode t = Json.object();
        t.put("kind", "Table");
        t.put("apiVersion", "meta.k8s.io/v1");
        t.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
        ArrayNode cols = t.putArray("columnDefinitions");
        for (Column c : table.columns()) {
            cols.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = t.putArray("rows");
        for (Row r : table.rows()) {
            ObjectNode row = rows.addObject();
            row.set("cells", Json.JSON.valueToTree(r.cells()));
            row.set("object", r.object());
        }
        return t;
    }
}
