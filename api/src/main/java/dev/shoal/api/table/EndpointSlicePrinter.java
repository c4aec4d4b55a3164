package dev.shoal.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.shoal.api.table.Fields.list;
import static dev.shoal.api.table.Fields.text;

/** kubectl's endpointslice columns: address type, ports, the first three endpoint addresses then "+ N more...". */
final class EndpointSlicePrinter implements KindPrinter {
    private static final int SHOWN = 3;
    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.of("AddressType", "The type of address carried by this EndpointSlice."),
            Column.of("Ports", "The ports of the endpoints."),
            Column.of("Endpoints", "The endpoints' addresses."),
            Column.age());

    @Override
    public List<Column> columns(List<ObjectNode> objects) {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode slice, List<Column> columns, Instant now) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : list(slice, "ports")) ports.add(Integer.toString(p.path("port").asInt()));
        List<String> addresses = new ArrayList<>();
        for (JsonNode e : list(slice, "endpoints")) e.path("addresses").forEach(a -> addresses.add(a.asText()));
        String shown = addresses.isEmpty() ? "<unset>" : String.join(",", addresses.subList(0, Math.min(SHOWN, addresses.size())))
                + (addresses.size() > SHOWN ? " + " + (addresses.size() - SHOWN) + " more..." : "");
        return List.of(text(slice, "metadata", "name"), text(slice, "addressType"),
                ports.isEmpty() ? "<unset>" : String.join(",", ports), shown, Fields.age(slice, now));
    }
}
