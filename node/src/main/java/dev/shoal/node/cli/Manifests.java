package dev.shoal.node.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the objects of {@code -f} arguments: a file, a directory (its *.yaml, *.yml and *.json files,
 * not recursively, in name order) or "-" for stdin. A file may hold several YAML documents or
 * several JSON values; a {@code kind: List} (or any *List with items) stands for its items.
 */
final class Manifests {
    /** One object and where it came from, for error messages. */
    record Manifest(ObjectNode object, String source) {}

    private Manifests() {}

    static List<Manifest> read(List<String> arguments, InputStream stdin) {
        List<Manifest> out = new ArrayList<>();
        for (String arg : arguments) {
            if (arg.equals("-")) {
                out.addAll(parse(readAll(stdin, "stdin"), "stdin"));
                continue;
            }
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                for (Path file : manifestFiles(path)) out.addAll(parse(readFile(file), file.toString()));
            } else if (Files.isRegularFile(path)) {
                out.addAll(parse(readFile(path), arg));
            } else {
                throw new CliException("the path \"" + arg + "\" does not exist");
            }
        }
        return out;
    }

    /** The objects in one text, JSON or YAML: JSON is tried when the text starts like JSON. */
    static List<Manifest> parse(String text, String source) {
        String trimmed = text.stripLeading();
        ObjectMapper mapper = trimmed.startsWith("{") || trimmed.startsWith("[") ? Json.JSON : Json.YAML;
        List<Manifest> out = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(text)) {
            // YAML documents and concatenated JSON values are both a sequence of root values
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.VALUE_NULL) continue; // an empty YAML document
                JsonNode doc = mapper.readTree(parser);
                if (doc == null || doc.isNull() || doc.isMissingNode()) continue;
                expand(doc, source, out);
            }
        } catch (IOException e) {
            throw new CliException("error parsing " + source + ": " + firstLine(e.getMessage()));
        }
        return out;
    }

    private static void expand(JsonNode doc, String source, List<Manifest> out) {
        if (doc.isArray()) {
            for (JsonNode item : doc) expand(item, source, out);
            return;
        }
        if (!(doc instanceof ObjectNode obj)) throw new CliException("error parsing " + source + ": expected an object, got " + doc.getNodeType());
        if (obj.path("kind").asText("").endsWith("List") && obj.path("items").isArray()) {
            for (JsonNode item : obj.path("items")) expand(item, source, out);
            return;
        }
        out.add(new Manifest(obj, source));
    }

    private static List<Path> manifestFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(Manifests::isManifest).sorted().toList();
        } catch (IOException e) {
            throw new CliException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isManifest(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String readAll(InputStream in, String source) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + source + ": " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
