package dev.shoal.node.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rollout status, history, undo, pause, resume and set image against a fake API server. */
class RolloutCommandTest {
    private static final String DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";
    private static final String WEB = DEPLOYS + "/web";
    private static final String WATCH = "GET " + DEPLOYS + "?watch=true&fieldSelector=metadata.name%3Dweb&resourceVersion=";
    private static final String RS_LIST = "GET /apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb";
    private final FakeApi api = new FakeApi();

    @AfterEach
    void stop() {
        api.close();
    }

    /** A Deployment "web" at resourceVersion rv, generation gen, with spec.replicas 3 and these status counts. */
    static String web(int rv, int gen, int observed, int replicas, int updated, int available, String progressingReason) {
        return "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"uid\":\"u1\",\"generation\":" + gen
                + ",\"resourceVersion\":\"" + rv + "\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"}},"
                + "\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:3\"}]}}},"
                + "\"status\":{\"observedGeneration\":" + observed + ",\"replicas\":" + replicas + ",\"updatedReplicas\":" + updated
                + ",\"availableReplicas\":" + available + ",\"conditions\":[{\"type\":\"Progressing\",\"status\":\"True\",\"reason\":\""
                + progressingReason + "\"}]}}";
    }

    static String event(String type, String object) {
        return "{\"type\":\"" + type + "\",\"object\":" + object + "}\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "spec not observed | 2 | 1 | 3 | 3 | 3 | Waiting for deployment spec update to be observed...",
            "new replicas      | 2 | 2 | 3 | 1 | 1 | Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...",
            "old replicas      | 2 | 2 | 4 | 3 | 3 | Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...",
            "availability      | 2 | 2 | 3 | 3 | 2 | Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...",
            "done              | 2 | 2 | 3 | 3 | 3 | deployment \"web\" successfully rolled out",
    })
    void statusFollowsKubectlsOrderOfChecks(String what, int gen, int observed, int replicas, int updated, int available, String message) {
        RolloutStatus s = RolloutStatus.of(Json(web(1, gen, observed, replicas, updated, available, "ReplicaSetUpdated")));
        assertEquals(message, s.message());
        assertEquals(message.endsWith("rolled out"), s.done());
    }

    @Test
    void statusFollowsWatchEventsToSuccess() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 1, 1, 0, "ReplicaSetUpdated"))
                .on(WATCH + "10", 200,
                        event("MODIFIED", web(11, 2, 2, 4, 3, 1, "ReplicaSetUpdated"))
                                + "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"12\"}}}\n"
                                + event("MODIFIED", web(13, 2, 2, 3, 3, 2, "ReplicaSetUpdated"))
                                + event("MODIFIED", web(14, 2, 2, 3, 3, 3, "NewReplicaSetAvailable")));

        assertEquals(new Cli.Result(0, """
                Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
                Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...
                deployment "web" successfully rolled out
                """, ""), Cli.run(api.address(), "rollout", "status", "deployment/web"));
        assertEquals(List.of("GET " + WEB, WATCH + "10"), api.targets());
    }

    @Test
    void statusFailsWhenTheProgressDeadlineIsExceeded() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 1, 1, "ReplicaSetUpdated"))
                .on(WATCH + "10", 200, event("MODIFIED", web(11, 2, 2, 3, 1, 1, "ProgressDeadlineExceeded"))
                        + event("MODIFIED", web(12, 2, 2, 3, 3, 3, "NewReplicaSetAvailable")));
        assertEquals(new Cli.Result(1,
                "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n",
                "error: deployment \"web\" exceeded its progress deadline\n"),
                Cli.run(api.address(), "rollout", "status", "deploy", "web"));
    }

    @Test
    void statusRelistsAfterTheWatchEndsAndWatchesFromTheNewVersion() {
        api.on("GET " + WEB, 200, web(10, 2, 1, 3, 3, 3, "ReplicaSetUpdated"))
                .on("GET " + WEB, 200, web(20, 2, 2, 3, 3, 2, "ReplicaSetUpdated"))
                .on(WATCH + "10", 200, event("MODIFIED", web(11, 2, 2, 3, 1, 1, "ReplicaSetUpdated")))
                .on(WATCH + "20", 200, event("MODIFIED", web(21, 2, 2, 3, 3, 3, "NewReplicaSetAvailable")));
        assertEquals(new Cli.Result(0, """
                Waiting for deployment spec update to be observed...
                Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...
                deployment "web" successfully rolled out
                """, ""), Cli.run(api.address(), "rollout", "status", "deployment/web"));
        assertEquals(List.of("GET " + WEB, WATCH + "10", "GET " + WEB, WATCH + "20"), api.targets());
    }

    @Test
    void statusRelistsOnAnExpiredResourceVersion() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 1, 1, "ReplicaSetUpdated"))
                .on("GET " + WEB, 200, web(30, 2, 2, 3, 3, 3, "NewReplicaSetAvailable"))
                .on(WATCH + "10", 200, event("ERROR", FakeApi.status(410, "Expired", "too old resource version: 10 (25)")));
        assertEquals(new Cli.Result(0, """
                Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
                deployment "web" successfully rolled out
                """, ""), Cli.run(api.address(), "rollout", "status", "deployment/web"));
        assertEquals(List.of("GET " + WEB, WATCH + "10", "GET " + WEB), api.targets());
    }

    @Test
    void statusTimesOut() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 1, 1, "ReplicaSetUpdated")).on(WATCH + "10", 200, "");
        Cli.Result r = Cli.run(api.address(), "rollout", "status", "deployment/web", "--timeout=300ms");
        assertEquals(1, r.exit());
        assertEquals("error: timed out waiting for the condition\n", r.err());
        assertTrue(r.out().startsWith("Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n"), r.out());
    }

    @Test
    void statusWithoutWatchPrintsOnce() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 1, 1, "ReplicaSetUpdated"));
        assertEquals(new Cli.Result(0,
                "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n", ""),
                Cli.run(api.address(), "rollout", "status", "deployment/web", "--watch=false"));
        assertEquals(List.of("GET " + WEB), api.targets());
    }

    @Test
    void statusRefusesOtherKinds() {
        assertEquals(new Cli.Result(1, "", "error: this command works on deployments only, not services\n"),
                Cli.run(api.address(), "rollout", "status", "svc/web"));
    }

    /** A ReplicaSet of "web" (or of another owner) at a revision, with an image and an optional change cause. */
    static String rs(String name, String ownerUid, int revision, String image, String cause) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"" + revision + "\""
                + (cause == null ? "" : ",\"kubernetes.io/change-cause\":\"" + cause + "\"")
                + "},\"ownerReferences\":[{\"kind\":\"Deployment\",\"name\":\"web\",\"uid\":\"" + ownerUid + "\",\"controller\":true}]},"
                + "\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"h" + revision + "\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image + "\",\"ports\":[{\"containerPort\":80}]}]}}}}";
    }

    private static final String RSES = "{\"kind\":\"ReplicaSetList\",\"items\":["
            + rs("web-h3", "u1", 3, "nginx:3", null) + ","
            + rs("web-h1", "u1", 1, "nginx:1", "kubectl create --filename=web.yaml") + ","
            + rs("other", "u2", 7, "nginx:7", null) + ","
            + rs("web-h2", "u1", 2, "nginx:2", null) + "]}";

    @Test
    void historyListsOwnedReplicaSetsByRevision() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 3, 3, "x")).on(RS_LIST, 200, RSES);
        assertEquals(new Cli.Result(0, """
                deployment.apps/web\s
                REVISION  CHANGE-CAUSE
                1         kubectl create --filename=web.yaml
                2         <none>
                3         <none>

                """, ""), Cli.run(api.address(), "rollout", "history", "deployment/web"));
        assertEquals(List.of("GET " + WEB, RS_LIST), api.targets());
    }

    @Test
    void historyOfOneRevisionShowsItsTemplate() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 3, 3, "x")).on(RS_LIST, 200, RSES);
        assertEquals(new Cli.Result(0, """
                deployment.apps/web with revision #2
                Pod Template:
                  Labels:       app=web
                                pod-template-hash=h2
                  Containers:
                   web:
                    Image:        nginx:2
                    Port:         80/TCP

                """, ""), Cli.run(api.address(), "rollout", "history", "deploy", "web", "--revision=2"));
        assertEquals(new Cli.Result(1, "", "error: unable to find the specified revision\n"),
                Cli.run(api.address(), "rollout", "history", "deploy", "web", "--revision=7"));
    }

    @Test
    void undoPatchesThePreviousRevisionsTemplateWithoutItsHash() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 3, 3, "x")).on(RS_LIST, 200, RSES).on("PATCH " + WEB, 200, "{}");
        assertEquals(new Cli.Result(0, "deployment.apps/web rolled back\n", ""),
                Cli.run(api.address(), "rollout", "undo", "deployment/web"));
        FakeApi.Request patch = api.requests().get(2);
        assertEquals("PATCH " + WEB, patch.target());
        assertEquals("application/json-patch+json", patch.header("Content-Type"));
        assertEquals("[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:2\",\"ports\":[{\"containerPort\":80}]}]}}},"
                + "{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":{\"deployment.kubernetes.io/revision\":\"3\"}}]",
                patch.body());
    }

    @Test
    void undoToARevisionRestoresItsChangeCause() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 3, 3, "x")).on(RS_LIST, 200, RSES).on("PATCH " + WEB, 200, "{}");
        assertEquals(new Cli.Result(0, "deployment.apps/web rolled back\n", ""),
                Cli.run(api.address(), "rollout", "undo", "deployment/web", "--to-revision=1"));
        String body = api.requests().get(2).body();
        assertTrue(body.contains("\"image\":\"nginx:1\""), body);
        assertTrue(body.contains("\"kubernetes.io/change-cause\":\"kubectl create --filename=web.yaml\""), body);
        assertEquals(new Cli.Result(1, "", "error: unable to find specified revision 9 in history\n"),
                Cli.run(api.address(), "rollout", "undo", "deployment/web", "--to-revision=9"));
    }

    @Test
    void undoWithoutAPreviousRevisionIsAnError() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 3, 3, "x"))
                .on(RS_LIST, 200, "{\"items\":[" + rs("web-h3", "u1", 3, "nginx:3", null) + "]}");
        assertEquals(new Cli.Result(1, "", "error: no rollout history found for deployment \"web\"\n"),
                Cli.run(api.address(), "rollout", "undo", "deployment/web"));
        assertEquals(0, api.requests().stream().filter(r -> r.method().equals("PATCH")).count());
    }

    @Test
    void undoSkipsWhenTheTemplateAlreadyMatches() {
        api.on("GET " + WEB, 200, web(10, 2, 2, 3, 3, 3, "x").replace("nginx:3", "nginx:2").replace("\"name\":\"web\",\"image\":\"nginx:2\"}",
                        "\"name\":\"web\",\"image\":\"nginx:2\",\"ports\":[{\"containerPort\":80}]}"))
                .on(RS_LIST, 200, RSES);
        assertEquals(new Cli.Result(0, "deployment.apps/web skipped rollback (current template already matches revision 2)\n", ""),
                Cli.run(api.address(), "rollout", "undo", "deployment/web"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pause, false, true, paused", "resume, true, false, resumed"})
    void pauseAndResumeMergePatchSpecPaused(String verb, boolean before, boolean after, String word) {
        String deployment = "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"paused\":" + before + "}}";
        api.on("GET " + WEB, 200, deployment).on("PATCH " + WEB, 200, "{}");
        assertEquals(new Cli.Result(0, "deployment.apps/web " + word + "\n", ""), Cli.run(api.address(), "rollout", verb, "deployment/web"));
        FakeApi.Request r = api.requests().get(1);
        assertEquals("PATCH " + WEB, r.target());
        assertEquals("application/merge-patch+json", r.header("Content-Type"));
        assertEquals("{\"spec\":{\"paused\":" + after + "}}", r.body());
    }

    @Test
    void pausingAPausedDeploymentIsAnError() {
        api.on("GET " + WEB, 200, "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"paused\":true}}");
        assertEquals(new Cli.Result(1, "", "error: deployments.apps \"web\" is already paused\n"),
                Cli.run(api.address(), "rollout", "pause", "deploy", "web"));
        assertEquals(List.of("GET " + WEB), api.targets());
    }

    @Test
    void setImageStrategicMergePatchesTheNamedContainers() {
        api.on("GET " + WEB, 200, "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"web\",\"image\":\"nginx:1\"},{\"name\":\"log\",\"image\":\"fluent:1\"}]}}}}")
                .on("PATCH " + WEB, 200, "{}");
        assertEquals(new Cli.Result(0, "deployment.apps/web image updated\n", ""),
                Cli.run(api.address(), "set", "image", "deployment/web", "web=nginx:2", "log=fluent:2"));
        FakeApi.Request r = api.requests().get(1);
        assertEquals("PATCH " + WEB, r.target());
        assertEquals("application/strategic-merge-patch+json", r.header("Content-Type"));
        assertEquals("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:2\"},"
                + "{\"name\":\"log\",\"image\":\"fluent:2\"}]}}}}", r.body());
    }

    @Test
    void setImageNamesAMissingContainerAndDoesNotPatch() {
        api.on("GET " + WEB, 200, "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"web\",\"image\":\"nginx:1\"}]}}}}");
        assertEquals(new Cli.Result(1, "", "error: unable to find container named \"sidecar\"\n"),
                Cli.run(api.address(), "set", "image", "deploy", "web", "sidecar=envoy:1"));
        assertEquals(List.of("GET " + WEB), api.targets());
    }

    private static com.fasterxml.jackson.databind.JsonNode Json(String json) {
        try {
            return dev.shoal.api.Json.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
