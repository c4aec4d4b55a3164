package dev.shoal.node.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** shoal logs: the request it sends, what it prints, and its exit codes. */
class LogsCommandTest {
    private static final String LOG = "/api/v1/namespaces/default/pods/web-1/log";
    private final FakeApi api = new FakeApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void printsTheLogAsIs() {
        api.on("GET " + LOG, 200, "line 0\nline 1\n");
        assertEquals(new Cli.Result(0, "line 0\nline 1\n", ""), Cli.run(api.address(), "logs", "web-1"));
    }

    @Test
    void passesContainerFollowTailAndNamespace() {
        api.on("GET /api/v1/namespaces/prod/pods/web-1/log?container=app&follow=true&tailLines=5", 200, "line 9\n");
        assertEquals(new Cli.Result(0, "line 9\n", ""),
                Cli.run(api.address(), "logs", "pod/web-1", "-c", "app", "-f", "--tail", "5", "-n", "prod"));
    }

    @Test
    void aRefusalIsOneLineAndExitCodeOne() {
        api.on("GET " + LOG, 400, FakeApi.status(400, "BadRequest",
                "a container name must be specified for pod web-1, choose one of: [a b]"));
        assertEquals(new Cli.Result(1, "", "error: a container name must be specified for pod web-1, choose one of: [a b]\n"),
                Cli.run(api.address(), "logs", "web-1"));
        api.on("GET /api/v1/namespaces/default/pods/nope/log", 404, FakeApi.status(404, "NotFound", "pods \"nope\" not found"));
        assertEquals(new Cli.Result(1, "", "error: pods \"nope\" not found\n"), Cli.run(api.address(), "logs", "nope"));
    }

    @Test
    void usageAndUnreachableExitCodes() {
        assertEquals(2, Cli.run(api.address(), "logs").exit());
        assertEquals(2, Cli.run(api.address(), "logs", "web-1", "--tail", "-5").exit());
        assertEquals(3, Cli.run("127.0.0.1:" + FakeApi.deadPort(), "logs", "web-1").exit());
    }
}
