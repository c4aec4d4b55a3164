package dev.shoal.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodLogsTest {
    @TempDir
    Path dir;

    private String tail(String content, long lines) throws IOException {
        Path f = dir.resolve("log");
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.write(f, bytes);
        try (FileChannel ch = FileChannel.open(f)) {
            return content.substring((int) PodLogs.tailOffset(ch, bytes.length, lines));
        }
    }

    @Test
    void tailCountsLinesLikeTail() throws IOException {
        assertEquals("c\n", tail("a\nb\nc\n", 1));
        assertEquals("b\nc\n", tail("a\nb\nc\n", 2));
        assertEquals("a\nb\nc\n", tail("a\nb\nc\n", 9));
        assertEquals("c", tail("a\nb\nc", 1));        // an unfinished last line is a line
        assertEquals("", tail("a\nb\n", 0));
        assertEquals("", tail("", 3));
        assertEquals("\n", tail("a\n\n", 1));         // an empty line is a line
    }

    @Test
    void tailCrossesChunkBoundaries() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30_000; i++) sb.append("line ").append(i).append('\n');
        assertEquals("line 29998\nline 29999\n", tail(sb.toString(), 2));
        assertTrue(tail(sb.toString(), 20_000).startsWith("line 10000\n"));
    }

    private static ObjectNode pod(String... containers) {
        ObjectNode p = Json.object();
        p.putObject("metadata").put("name", "web-1");
        var cs = p.putObject("spec").putArray("containers");
        for (String c : containers) cs.addObject().put("name", c);
        return p;
    }

    private static Query q(String... kv) {
        Map<String, List<String>> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], List.of(kv[i + 1]));
        return new Query(m);
    }

    @Test
    void optionsFollowKubernetes() {
        assertEquals(new PodLogs.Options("app", false, -1), PodLogs.options(pod("app"), q()));
        assertEquals(new PodLogs.Options("b", true, 3), PodLogs.options(pod("a", "b"), q("container", "b", "follow", "true", "tailLines", "3")));
        ApiException e = assertThrows(ApiException.class, () -> PodLogs.options(pod("a", "b"), q()));
        assertEquals(400, e.code());
        assertEquals("a container name must be specified for pod web-1, choose one of: [a b]", e.getMessage());
        assertEquals("container", e.causes().get(0).field());
        e = assertThrows(ApiException.class, () -> PodLogs.options(pod("a"), q("container", "x")));
        assertEquals("container x is not valid for pod web-1", e.getMessage());
        e = assertThrows(ApiException.class, () -> PodLogs.options(pod("a"), q("tailLines", "-2")));
        assertEquals("tailLines", e.causes().get(0).field());
        e = assertThrows(ApiException.class, () -> PodLogs.options(pod("a"), q("tailLines", "x")));
        assertEquals("tailLines", e.causes().get(0).field());
        e = assertThrows(ApiException.class, () -> PodLogs.options(pod("a"), q("previous", "true")));
        assertEquals("previous terminated container \"a\" in pod \"web-1\" not found", e.getMessage());
    }

    @Test
    void onlyPodsHaveALog() {
        assertEquals("log", ApiPath.parse("/api/v1/namespaces/default/pods/web-1/log").orElseThrow().subresource());
        assertEquals(404, assertThrows(ApiException.class,
                () -> ApiPath.parse("/apis/apps/v1/namespaces/default/deployments/web/log")).code());
        assertEquals(404, assertThrows(ApiException.class,
                () -> ApiPath.parse("/api/v1/namespaces/default/services/web/log")).code());
    }
}
