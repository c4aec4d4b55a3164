package dev.shoal.node.cli;

import dev.shoal.api.Meta;
import dev.shoal.node.cli.Manifests.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ManifestsTest {
    private static final InputStream NO_STDIN = InputStream.nullInputStream();

    private static List<String> names(List<Manifest> manifests) {
        return manifests.stream().map(m -> m.object().path("kind").asText() + "/" + Meta.name(m.object())).toList();
    }

    @Test
    void multiDocumentYamlSkipsEmptyDocuments() {
        String yaml = """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                ---
                # nothing here
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                """;
        assertEquals(List.of("Service/web", "Deployment/web"), names(Manifests.parse(yaml, "x")));
    }

    @Test
    void jsonValuesAndListsExpand() {
        String json = """
                {"apiVersion":"v1","kind":"List","items":[
                  {"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}},
                  {"apiVersion":"v1","kind":"PodList","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}]}]}
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"c"}}
                """;
        assertEquals(List.of("Pod/a", "Pod/b", "Pod/c"), names(Manifests.parse(json, "x")));
    }

    @Test
    void directoriesReadManifestFilesInNameOrderAndStdinIsDash(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.json"), "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"b\"}}");
        Files.writeString(dir.resolve("a.yml"), "kind: Pod\nmetadata: {name: a}\n");
        Files.writeString(dir.resolve("c.yaml"), "kind: Pod\nmetadata: {name: c}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        InputStream stdin = new ByteArrayInputStream("kind: Pod\nmetadata: {name: s}\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("Pod/a", "Pod/b", "Pod/c", "Pod/s"), names(Manifests.read(List.of(dir.toString(), "-"), stdin)));
    }

    @Test
    void badInputIsAOneLineError(@TempDir Path dir) throws IOException {
        assertEquals("the path \"" + dir.resolve("missing.yaml") + "\" does not exist", assertThrows(CliException.class,
                () -> Manifests.read(List.of(dir.resolve("missing.yaml").toString()), NO_STDIN)).getMessage());
        Files.writeString(dir.resolve("bad.yaml"), "kind: [unclosed\n");
        CliException e = assertThrows(CliException.class, () -> Manifests.read(List.of(dir.resolve("bad.yaml").toString()), NO_STDIN));
        assertEquals(true, e.getMessage().startsWith("error parsing " + dir.resolve("bad.yaml") + ": "), e.getMessage());
        assertEquals(false, e.getMessage().contains("\n"));
    }
}
