package dev.shoal.api.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.shoal.api.Json;

import java.util.List;

/** A JSON body: exactly one value, with the shared limits and duplicate-key check of {@link Json#JSON}. */
final class JsonDocuments {
    private static final ObjectReader READER = Json.JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private JsonDocuments() {}

    static List<JsonNode> read(String text) {
        if (text.isBlank()) return List.of();
        try {
            return List.of(READER.readTree(text));
        } catch (JsonProcessingException e) {
            throw ParseErrors.of("json", e);
        }
    }
}
