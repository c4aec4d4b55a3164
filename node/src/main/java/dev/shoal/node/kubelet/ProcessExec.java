package dev.shoal.node.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One streaming exec of a started host process: a thread per stream (stdout and stderr to the
 * sink, the caller's stdin to the process), and the caller's thread waiting for the exit.
 * Blocking reads and writes on both sides are the backpressure: a slow sink leaves output in the
 * process's pipe, a slow process leaves stdin unread.
 */
final class ProcessExec {
    /** A pipe's buffer is 64 KiB on Linux; reading in 8 KiB pieces hands output on as it is written. */
    private static final int CHUNK = 8 * 1024;

    private ProcessExec() {}

    /** A pump's output side: {@link ExecSink#stdout} or {@link ExecSink#stderr}. */
    private interface Target {
        void write(byte[] chunk) throws IOException;
    }

    /** Runs the exec to its end; see {@link ContainerRuntime#exec(String, List, InputStream, ExecSink)}. */
    static int run(Process process, InputStream stdin, ExecSink sink) throws IOException {
        AtomicReference<IOException> sinkFailed = new AtomicReference<>();
        Thread out = pump(process, "stdout", process.getInputStream(), sink::stdout, sinkFailed);
        Thread err = pump(process, "stderr", process.getErrorStream(), sink::stderr, sinkFailed);
        Thread in = stdin == null ? null : feed(process, stdin);
        try {
            int code = process.waitFor();
            // The exit code is the last word: everything the command wrote goes first. A background
            // child that keeps the pipes open keeps us here, as it keeps kubectl exec waiting.
            out.join();
            err.join();
            IOException failed = sinkFailed.get();
            if (failed != null) throw failed;
            return code;
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("exec interrupted; the command was killed");
        } finally {
            if (in != null) in.interrupt();
        }
    }

    /** Copies one of the process's output streams to the sink; a failing sink kills the process. */
    private static Thread pump(Process process, String name, InputStream from, Target to, AtomicReference<IOException> failed) {
        return start("shoal-exec-" + name + "-" + process.pid(), () -> {
            byte[] buf = new byte[CHUNK];
            try (from) {
                for (int n; (n = from.read(buf)) >= 0; ) {
                    if (n == 0) continue;
                    try {
                        to.write(Arrays.copyOf(buf, n));
                    } catch (IOException sinkGone) {
                        failed.compareAndSet(null, sinkGone);
                        killTree(process);
                        return;
                    }
                }
            } catch (IOException closed) {
                // the pipe closed under us: the process is gone
            }
        });
    }

    /** Copies the caller's stdin to the process, then closes the process's stdin so it reads end-of-file. */
    private static Thread feed(Process process, InputStream stdin) {
        return start("shoal-exec-stdin-" + process.pid(), () -> {
            byte[] buf = new byte[CHUNK];
            try (OutputStream to = process.getOutputStream()) {
                for (int n; (n = stdin.read(buf)) >= 0; ) {
                    to.write(buf, 0, n);
                    to.flush();  // an interactive command answers each line
                }
            } catch (IOException stopped) {
                // the process exited (broken pipe), or the exec ended and interrupted us
            }
        });
    }

    /** SIGKILL to the process and everything it started; the tree is collected first, while it is still connected. */
    static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
