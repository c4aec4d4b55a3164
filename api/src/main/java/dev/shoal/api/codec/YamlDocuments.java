package dev.shoal.api.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML body of one or more {@code ---}-separated documents, read with SnakeYAML's safety limits
 * plus the JSON path's {@code StreamReadConstraints}.
 *
 * <p>Aliases ({@code *name}) are refused outright: Jackson's YAML parser does not expand them (it
 * would hand back the anchor's name as a string, silently changing the manifest), and refusing
 * them also makes "billion laughs" bodies fail on their first alias instead of growing.
 */
final class YamlDocuments {
    /** Far above any real manifest, well below what makes a node swap. */
    static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    /** SnakeYAML's own defence against alias bombs; moot while aliases are refused, kept as a second wall. */
    static final int MAX_ALIASES = 50;
    /**
     * Most {@code ---} documents in one body, empty ones included: a 3 MiB body of {@code a: 1\n---\n}
     * is 350,000 documents, seconds of parsing for a request that can only be refused.
     */
    static final int MAX_DOCUMENTS = 10_000;

    private static final ObjectMapper MAPPER = new YAMLMapper(factory())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private YamlDocuments() {}

    private static YAMLFactory factory() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(Json.MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(Json.JSON.getFactory().streamReadConstraints())
                .build();
    }

    /** @param wanted stop after this many non-empty documents (a caller that wants one need not read a thousand) */
    static List<JsonNode> read(String text, int wanted) {
        // checked here as well as by SnakeYAML, whose own check does not cover every input shape
        if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            throw ManifestCodec.badBody("yaml: the document exceeds the limit of " + MAX_CODE_POINTS + " code points");
        }
        List<JsonNode> docs = new ArrayList<>();
        int read = 0;
        try (JsonParser parser = new NoAliases((YAMLParser) MAPPER.getFactory().createParser(text))) {
            while (docs.size() < wanted && parser.nextToken() != null) {
                if (++read > MAX_DOCUMENTS) {
                    throw ManifestCodec.badBody("yaml: more than " + MAX_DOCUMENTS + " documents in one body");
                }
                JsonNode doc = MAPPER.readTree(parser);
                if (isEmpty(doc)) continue;
                docs.add(doc);
            }
        } catch (ApiException e) {
            throw e;
        } catch (JsonProcessingException e) {
            if (marked(e) == null) throw ParseErrors.of("yaml", e);
            throw ManifestCodec.badBody(message(e));
        } catch (IOException e) {
            throw ManifestCodec.badBody("yaml: " + e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML reports some limits (code points) as unchecked exceptions
            throw ManifestCodec.badBody(message(e));
        }
        return docs;
    }

    /** A document of only comments or nothing reads as null or "" depending on how it ends. */
    private static boolean isEmpty(JsonNode doc) {
        return doc == null || doc.isNull() || doc.isMissingNode() || (doc.isTextual() && doc.asText().isEmpty());
    }

    /** "yaml: line 7, column 3: mapping values are not allowed here", 1-based like go-yaml. */
    private static String message(Exception e) {
        MarkedYAMLException m = marked(e);
        if (m != null) {
            Mark mark = m.getProblemMark();
            return "yaml: line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " + m.getProblem();
        }
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            JsonLocation loc = j.getLocation();
            return "yaml: line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": " + j.getOriginalMessage();
        }
        return "yaml: " + e.getMessage();
    }

    private static MarkedYAMLException marked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) return m;
        }
        return null;
    }

    /** Fails on the first alias token, naming where it is. */
    private static final class NoAliases extends JsonParserDelegate {
        NoAliases(YAMLParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (((YAMLParser) delegate).isCurrentAlias()) {
                JsonLocation loc = delegate.currentTokenLocation();
                throw ManifestCodec.badBody("yaml: line " + loc.getLineNr() + ", column " + loc.getColumnNr()
                        + ": aliases (*" + delegate.getText() + ") are not supported");
            }
            return t;
        }
    }
}
