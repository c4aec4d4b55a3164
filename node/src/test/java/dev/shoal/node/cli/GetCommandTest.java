package dev.shoal.node.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GetCommandTest {
    private static final String NODE_A = "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"5\",\"creationTimestamp\":\"2024-05-01T11:59:15Z\"},"
            + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],\"nodeInfo\":{\"kubeletVersion\":\"v0.1.0\"}}}";
    private static final String NODES = "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"42\"},\"items\":[" + NODE_A + "]}";
    private static final String POD = "{\"metadata\":{\"name\":\"p\",\"namespace\":\"prod\",\"creationTimestamp\":\"2024-05-01T11:59:15Z\"},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\"}]},\"status\":{\"phase\":\"Pending\"}}";
    private final FakeApi api = new FakeApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest(name = "get {0}")
    @CsvSource({"nodes", "no", "node", "Nodes"})
    void nodesPrintAsATableUnderAnyName(String kind) {
        api.on("GET /api/v1/nodes", 200, NODES);
        assertEquals(new Cli.Result(0, """
                NAME   STATUS   ROLES    AGE   VERSION
                a      Ready    <none>   45s   v0.1.0
                """, ""), Cli.run(api.address(), "get", kind));
    }

    @Test
    void allNamespacesWithASelectorAddsTheNamespaceColumn() {
        api.on("GET /api/v1/pods?labelSelector=app%3Dweb", 200, "{\"metadata\":{\"resourceVersion\":\"3\"},\"items\":[" + POD + "]}");
        assertEquals(new Cli.Result(0, """
                NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE
                prod        p      0/1     Pending   0          45s
                """, ""), Cli.run(api.address(), "get", "po", "-A", "-l", "app=web"));
    }

    @Test
    void anEmptyListSaysSoOnStderr() {
        api.on("GET /apis/apps/v1/namespaces/prod/deployments", 200, "{\"metadata\":{},\"items\":[]}");
        assertEquals(new Cli.Result(0, "", "No resources found in prod namespace.\n"), Cli.run(api.address(), "get", "deploy", "-n", "prod"));
    }

    @Test
    void oneNamedObjectAsJsonIsTheObjectInKubectlsLayout() {
        api.on("GET /api/v1/nodes/a", 200, "{\"metadata\":{\"name\":\"a\"},\"spec\":{}}");
        assertEquals(new Cli.Result(0, """
                {
                    "apiVersion": "v1",
                    "kind": "Node",
                    "metadata": {
                        "name": "a"
                    },
                    "spec": {}
                }
                """, ""), Cli.run(api.address(), "get", "node/a", "-o", "json"));
    }

    @Test
    void severalObjectsAsYamlAreAList() {
        api.on("GET /api/v1/namespaces/default/services/a", 200, "{\"metadata\":{\"name\":\"a\"}}")
                .on("GET /api/v1/namespaces/default/services/b", 200, "{\"metadata\":{\"name\":\"b\"}}");
        assertEquals(new Cli.Result(0, """
                apiVersion: v1
                items:
                - apiVersion: v1
                  kind: Service
                  metadata:
                    name: a
                - apiVersion: v1
                  kind: Service
                  metadata:
                    name: b
                kind: List
                metadata:
                  resourceVersion: ""
                """, ""), Cli.run(api.address(), "get", "svc", "a", "b", "-o", "yaml"));
    }

    @Test
    void namesOutput() {
        api.on("GET /apis/apps/v1/namespaces/default/replicasets", 200, "{\"items\":[{\"metadata\":{\"name\":\"r1\"}},{\"metadata\":{\"name\":\"r2\"}}]}");
        assertEquals(new Cli.Result(0, "replicaset.apps/r1\nreplicaset.apps/r2\n", ""), Cli.run(api.address(), "get", "rs", "-o", "name"));
    }

    @Test
    void aMissingNameIsReportedAndTheOthersPrinted() {
        api.on("GET /api/v1/nodes/a", 200, NODE_A)
                .on("GET /api/v1/nodes/zz", 404, FakeApi.status(404, "NotFound", "nodes \"zz\" not found"));
        Cli.Result r = Cli.run(api.address(), "get", "no", "zz", "a");
        assertEquals(new Cli.Result(1, """
                NAME   STATUS   ROLES    AGE   VERSION
                a      Ready    <none>   45s   v0.1.0
                """, "error: nodes \"zz\" not found\n"), r);
    }

    @Test
    void watchListsThenStreamsRowsFromTheListsResourceVersion() {
        String modified = NODE_A.replace("\"True\"", "\"False\"").replace("\"5\"", "\"43\"");
        String added = NODE_A.replace("\"name\":\"a\"", "\"name\":\"longer-name\"").replace("\"5\"", "\"44\"");
        api.on("GET /api/v1/nodes", 200, NODES)
                .on("GET /api/v1/nodes?watch=true&resourceVersion=42", 200,
                        "{\"type\":\"MODIFIED\",\"object\":" + modified + "}\n"
                                + "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"44\"}}}\n"
                                + "{\"type\":\"ADDED\",\"object\":" + added + "}\n");

        Cli.Result r = Cli.run(api.address(), "get", "nodes", "-w");

        assertEquals(new Cli.Result(0, """
                NAME   STATUS   ROLES    AGE   VERSION
                a      Ready    <none>   45s   v0.1.0
                a      NotReady   <none>   45s   v0.1.0
                longer-name   Ready    <none>   45s   v0.1.0
                """, ""), r);
        assertEquals(List.of("GET /api/v1/nodes", "GET /api/v1/nodes?watch=true&resourceVersion=42"), api.targets());
    }

    @Test
    void aWatchErrorEventIsAnError() {
        api.on("GET /api/v1/nodes/a", 200, NODE_A)
                .on("GET /api/v1/nodes?watch=true&resourceVersion=5&fieldSelector=metadata.name%3Da", 200,
                        "{\"type\":\"ERROR\",\"object\":" + FakeApi.status(410, "Expired", "too old resource version: 5 (40)") + "}\n");
        assertEquals(new Cli.Result(1, """
                NAME   STATUS   ROLES    AGE   VERSION
                a      Ready    <none>   45s   v0.1.0
                """, "error: too old resource version: 5 (40)\n"), Cli.run(api.address(), "get", "no", "a", "--watch"));
    }

    @Test
    void anUnknownKindIsExitOne() {
        assertEquals(new Cli.Result(1, "", "error: the server doesn't have a resource type \"widgets\"\n"),
                Cli.run(api.address(), "get", "widgets"));
        assertEquals(List.of(), api.targets());
    }
}
