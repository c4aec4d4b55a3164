package dev.shoal.node.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** shoal exec against a scripted WebSocket server: the request it makes, what it prints, its exit codes. */
class ExecCommandTest {
    private FakeExecServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void stdoutAndStderrApartAndTheCommandsExitCode() throws Exception {
        server = new FakeExecServer(s -> {
            s.send(1, "out\n");
            s.send(2, "err\n");
            s.finish(FakeExecServer.exitCode(3));
        });
        assertEquals(new Cli.Result(3, "out\n", "err\n"),
                Cli.run(server.address(), "exec", "web-1", "-c", "app", "--", "sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals("/api/v1/namespaces/default/pods/web-1/exec?command=sh&command=-c"
                + "&command=echo+out%3B+echo+err+%3E%262%3B+exit+3&container=app&stdout=true&stderr=true", server.sessions().get(0).uri);
    }

    @Test
    void successIsZeroAndTheNamespaceAndPodPrefixAreHonoured() throws Exception {
        server = new FakeExecServer(s -> {
            s.send(1, "bin\netc\n");
            s.finish(FakeExecServer.SUCCESS);
        });
        assertEquals(new Cli.Result(0, "bin\netc\n", ""), Cli.run(server.address(), "exec", "pod/web-1", "-n", "prod", "--", "ls", "/"));
        assertEquals("/api/v1/namespaces/prod/pods/web-1/exec?command=ls&command=%2F&stdout=true&stderr=true", server.sessions().get(0).uri);
    }

    @Test
    void stdinIsCopiedThenClosedWithTheV5Message() throws Exception {
        server = new FakeExecServer(new FakeExecServer.Script() {
            @Override public void opened(FakeExecServer.Session s) {}

            @Override public void stdinClosed(FakeExecServer.Session s) {
                s.send(1, s.stdinText());  // cat
                s.finish(FakeExecServer.SUCCESS);
            }
        });
        assertEquals(new Cli.Result(0, "hello\nworld\n", ""), Cli.runWithStdin(server.address(), "hello\nworld\n", "exec", "-i", "web-1", "--", "cat"));
        assertTrue(server.sessions().get(0).uri.contains("&stdin=true&"), server.sessions().get(0).uri);
        assertTrue(server.sessions().get(0).stdinClosed);
    }

    @Test
    void withoutDashIStdinIsNeitherAskedForNorSent() throws Exception {
        server = new FakeExecServer(s -> s.finish(FakeExecServer.SUCCESS));
        assertEquals(0, Cli.runWithStdin(server.address(), "not for the command", "exec", "web-1", "--", "true").exit());
        FakeExecServer.Session s = server.sessions().get(0);
        assertTrue(!s.uri.contains("stdin") && s.stdinText().isEmpty() && !s.stdinClosed, s.uri);
    }

    @Test
    void outputIsPassedOnByteForByte() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) all[i] = (byte) i;
        server = new FakeExecServer(s -> {
            s.send(1, all);
            s.finish(FakeExecServer.SUCCESS);
        });
        Cli.Raw r = Cli.runRaw(Cli.environment(Map.of("SHOAL_SERVER", server.address()), ""), "exec", "web-1", "--", "cat", "/blob");
        assertEquals(0, r.exit());
        assertArrayEquals(all, r.out(), "not decoded as text on the way");
    }

    @Test
    void aRefusalIsOneLineAndExitCodeOne() throws Exception {
        server = new FakeExecServer(s -> {}).refuse(400, FakeApi.status(400, "BadRequest", "container nope is not valid for pod web-1"));
        assertEquals(new Cli.Result(1, "", "error: container nope is not valid for pod web-1\n"),
                Cli.run(server.address(), "exec", "web-1", "-c", "nope", "--", "true"));
    }

    @Test
    void aCommandThatCouldNotRunIsExitCodeOneWithTheServersMessage() throws Exception {
        server = new FakeExecServer(s -> s.finish("{\"metadata\":{},\"status\":\"Failure\",\"reason\":\"InternalError\","
                + "\"message\":\"Cannot run program \\\"nope\\\": error=2, No such file or directory\",\"code\":500}"));
        assertEquals(new Cli.Result(1, "", "error: Cannot run program \"nope\": error=2, No such file or directory\n"),
                Cli.run(server.address(), "exec", "web-1", "--", "nope"));
    }

    @Test
    void aConnectionThatClosesWithoutAStatusIsAnError() throws Exception {
        server = new FakeExecServer(s -> s.channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(1000, ""))
                .addListener(io.netty.channel.ChannelFutureListener.CLOSE));
        assertEquals(new Cli.Result(1, "", "error: the connection closed before the command's exit status arrived\n"),
                Cli.run(server.address(), "exec", "web-1", "--", "true"));
    }

    @Test
    void usageAndUnreachableExitCodes() throws Exception {
        assertEquals(2, Cli.run("127.0.0.1:1", "exec", "web-1").exit(), "no command");
        assertEquals(2, Cli.run("127.0.0.1:1", "exec").exit(), "no pod");
        assertEquals(3, Cli.run("127.0.0.1:" + FakeApi.deadPort(), "exec", "web-1", "--", "true").exit());
    }

    @Test
    void failsOverToTheNextPeerThatAnswers() throws Exception {
        server = new FakeExecServer(s -> {
            s.send(1, "hi\n");
            s.finish(FakeExecServer.SUCCESS);
        });
        String peers = "127.0.0.1:" + FakeApi.deadPort() + "," + server.address();
        assertEquals(new Cli.Result(0, "hi\n", ""), Cli.run(peers, "exec", "web-1", "--", "echo", "hi"));
    }

    @Test
    void theTokenIsSentWithTheHandshake() throws Exception {
        server = new FakeExecServer(s -> s.finish(FakeExecServer.SUCCESS));
        assertEquals(0, Cli.run(Cli.environment(Map.of("SHOAL_SERVER", server.address(), "SHOAL_TOKEN", "t0k"), ""),
                "exec", "web-1", "--", "true").exit());
        assertEquals("Bearer t0k", server.sessions().get(0).authorization);
    }
}
