package dev.shoal.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.Meta;
import dev.shoal.api.ResourceType;

import java.io.UncheckedIOException;
import java.util.List;

/** Objects as {@code -o json}, {@code -o yaml} and {@code -o name} print them, in kubectl's layout. */
final class ObjectOutput {
    // kubectl indents JSON by four spaces and writes "key": value and {}
    private static final ObjectWriter JSON_WRITER = Json.JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private ObjectOutput() {}

    static String json(JsonNode node) {
        try {
            return JSON_WRITER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String yaml(JsonNode node) {
        try {
            return Json.YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@code kind: List} of the objects, as kubectl prints several objects. Items of a list
     * response carry no kind or apiVersion on the wire, so they are filled in here.
     */
    static ObjectNode list(ResourceType type, List<ObjectNode> items) {
        ObjectNode list = Json.object();
        list.put("apiVersion", "v1");
        ArrayNode array = list.putArray("items");
        for (ObjectNode item : items) array.add(withKind(type, item));
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        return list;
    }

    /** The object with apiVersion and kind first, as a single GET returns it. */
    static ObjectNode withKind(ResourceType type, ObjectNode item) {
        if (item.has("kind") && item.has("apiVersion")) return item;
        ObjectNode copy = Json.object();
        copy.put("apiVersion", type.apiVersion());
        copy.put("kind", type.kind());
        item.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) copy.set(e.getKey(), e.getValue());
        });
        return copy;
    }

    static String name(ResourceType type, ObjectNode obj) {
        return ObjectRefs.slash(type, Meta.name(obj)) + "\n";
    }
}
