package dev.shoal.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.shoal.api.table.Fields.list;
import static dev.shoal.api.table.Fields.text;

/** kubectl's endpoints columns: the ready addresses as ip:port, the first three then "+ N more...". */
final class EndpointsPrinter implements KindPrinter {
    private static final int SHOWN = 3;
    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.of("Endpoints", "Ready endpoints as address:port."),
            Column.age());

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ep, List<Column> columns, Instant now) {
        return List.of(text(ep, "metadata", "name"), format(ep), Fields.age(ep, now));
    }

    static String format(ObjectNode ep) {
        List<String> all = new ArrayList<>();
        for (JsonNode subset : list(ep, "subsets")) {
            for (JsonNode a : subset.path("addresses")) {
                for (JsonNode p : subset.path("ports")) all.add(a.path("ip").asText() + ":" + p.path("port").asInt());
                if (subset.path("ports").isEmpty()) all.add(a.path("ip").asText());
            }
        }
        if (all.isEmpty()) return "<none>";
        String shown = String.join(",", all.subList(0, Math.min(SHOWN, all.size())));
        return all.size() > SHOWN ? shown + " + " + (all.size() - SHOWN) + " more..." : shown;
    }
}
