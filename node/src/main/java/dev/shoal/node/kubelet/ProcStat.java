package dev.shoal.node.kubelet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Reads a process's facts from Linux's /proc. */
final class ProcStat {
    /** Field 22 of /proc/pid/stat; counted from the field after the command's closing ')'. */
    private static final int START_TIME_INDEX = 22 - 3;

    private ProcStat() {}

    /**
     * When the process started, in clock ticks since boot: with the pid, identifies one process
     * for the life of the machine (a pid alone is reused).
     */
    static OptionalLong startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command (field 2) may itself contain spaces and ')': split after its last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[START_TIME_INDEX]));
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty();
        }
    }

    /** The environment the process was started with. */
    static Map<String, String> environ(long pid) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    static Path cwd(long pid) throws IOException {
        return Path.of("/proc", Long.toString(pid), "cwd").toRealPath();
    }
}
