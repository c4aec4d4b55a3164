package dev.shoal.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shared, thread-safe Jackson mappers. Objects travel as JSON trees ({@link ObjectNode}) so
 * that fields Shoal does not model are kept exactly as the user wrote them.
 */
public final class Json {
    /** Nesting deeper than this is refused: no real manifest needs it and it bounds recursion. */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Longest single string value accepted (annotations may hold a whole last-applied manifest). */
    public static final int MAX_STRING_LENGTH = 1 << 20;
    /** Longest number literal accepted; longer ones are a denial-of-service shape, not data. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /**
     * Longest object key accepted: the longest real ones are qualified label and annotation keys
     * (253-character prefix, '/', 63-character name = 317); Jackson's default is 50,000.
     */
    public static final int MAX_NAME_LENGTH = 4096;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .build();

    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    public static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // resourceVersion: "5" must read back as a string, as Kubernetes prints it
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(LIMITS);
        YAML.getFactory().setStreamReadConstraints(LIMITS);
    }

    private Json() {}

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** YAML factory with the same limits, for streaming multi-document input. */
    public static YAMLFactory yamlFactory() {
        return (YAMLFactory) YAML.getFactory();
    }
}
