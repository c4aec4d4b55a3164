package dev.shoal.api.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Objects to tables and tables to text, as {@code kubectl get} shows them. Pure: the same objects
 * and {@code now} always give the same table.
 */
public final class Tables {
    /** kubectl's tabwriter settings: a cell is at least 6 wide, columns 3 spaces apart. */
    private static final TabWriter TABLE_LAYOUT = new TabWriter(6, 3);

    private Tables() {}

    /** The table for objects of one kind; wide columns (priority 1) only when {@code wide}. */
    public static Table table(ResourceType type, List<ObjectNode> objects, boolean wide, Instant now) {
        KindPrinter printer = printer(type);
        List<Column> all = printer.columns(objects);
        List<Column> shown = new ArrayList<>();
        for (Column c : all) if (wide || c.priority() == 0) shown.add(c);
        List<Row> rows = new ArrayList<>();
        for (ObjectNode obj : objects) {
            List<Object> cells = printer.cells(obj, all, now);
            List<Object> kept = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) if (wide || all.get(i).priority() == 0) kept.add(cells.get(i));
            rows.add(new Row(kept, obj));
        }
        return new Table(shown, rows);
    }

    /**
     * Aligned text with an upper-case header line, each line ending in a newline. With
     * {@code withNamespaceColumn} (for {@code -A}) a NAMESPACE column comes first.
     */
    public static String render(Table table, boolean withNamespaceColumn) {
        StringBuilder text = new StringBuilder();
        List<String> header = new ArrayList<>();
        if (withNamespaceColumn) header.add("NAMESPACE");
        for (Column c : table.columns()) header.add(c.name().toUpperCase(Locale.ROOT));
        text.append(String.join("\t", header)).append('\n');
        for (Row row : table.rows()) {
            List<String> cells = new ArrayList<>();
            if (withNamespaceColumn) cells.add(Meta.namespace(row.object()));
            for (Object cell : row.cells()) cells.add(clean(String.valueOf(cell)));
            text.append(String.join("\t", cells)).append('\n');
        }
        return TABLE_LAYOUT.format(text.toString());
    }

    // A tab or newline inside a cell (an event message, say) would break the layout of every row.
    private static String clean(String cell) {
        return cell.replaceAll("[\\t\\n\\r]", " ");
    }

    private static KindPrinter printer(ResourceType type) {
        return switch (type) {
            case POD -> new PodPrinter();
            case DEPLOYMENT -> new DeploymentPrinter();
            case REPLICASET -> new ReplicaSetPrinter();
            case SERVICE -> new ServicePrinter();
            case NODE -> new NodePrinter();
            case NAMESPACE -> new NamespacePrinter();
            case EVENT -> new EventPrinter();
            case ENDPOINTS -> new EndpointsPrinter();
            case ENDPOINTSLICE -> new EndpointSlicePrinter();
        };
    }
}
