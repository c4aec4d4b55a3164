package dev.shoal.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The order of a merged list, as Kubernetes' {@code normalizeElementOrder} computes it: elements the
 * patch names come in the patch's order, elements only the server had keep the server's order, and
 * the two runs are interleaved by the server's order. Example: server [a, b, c], patch order [c, a]:
 * the patch run is [c, a], the server-only run is [b]; b (server position 1) is compared with c
 * (position 2) and goes first, giving [b, c, a], as Kubernetes does.
 */
final class ElementOrder {
    private ElementOrder() {}

    static ArrayNode normalize(ArrayNode merged, List<String> patchOrder, List<String> serverOrder,
                               Function<JsonNode, String> keyOf) {
        List<JsonNode> patchItems = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode n : merged) (patchOrder.contains(keyOf.apply(n)) ? patchItems : serverOnly).add(n);
        patchItems.sort(Comparator.comparingInt(n -> patchOrder.indexOf(keyOf.apply(n))));
        serverOnly.sort(Comparator.comparingInt(n -> position(serverOrder, keyOf.apply(n))));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < patchItems.size()) {
            if (j == patchItems.size()) {
                out.add(serverOnly.get(i++));
            } else if (i == serverOnly.size()) {
                out.add(patchItems.get(j++));
            } else {
                int left = serverOrder.indexOf(keyOf.apply(serverOnly.get(i)));
                int right = serverOrder.indexOf(keyOf.apply(patchItems.get(j)));
                // a server-only element goes first only when both were on the server and it came first
                if (left >= 0 && right >= 0 && left < right) out.add(serverOnly.get(i++));
                else out.add(patchItems.get(j++));
            }
        }
        return out;
    }

    private static int position(List<String> order, String key) {
        int i = order.indexOf(key);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
