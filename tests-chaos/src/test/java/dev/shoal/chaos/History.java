package dev.shoal.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Every operation the clients made, as Jepsen records it: an invocation, then its completion —
 * {@code OK} (acknowledged), {@code FAIL} (definitely not applied: the server refused it, e.g.
 * 503 from a minority or 409), or {@code INFO} (unknown: a timeout, a dropped connection, a 5xx
 * that may have been applied). Thread-safe; the order of {@link #ops()} is real time.
 */
final class History {
    enum Kind { INVOKE, OK, FAIL, INFO, NEMESIS }

    /** One line of history. {@code value} is what a write wrote ("" for a delete). */
    record Op(long nanos, int client, Kind kind, String f, String key, String value, String node, String detail) {
        @Override
        public String toString() {
            return String.format("%10.3f c%-2d %-6s %-6s %-14s %-10s via %-10s %s", nanos / 1e9, client, kind, f, key, value, node, detail);
        }
    }

    private final long start = System.nanoTime();
    private final List<Op> ops = new ArrayList<>();

    synchronized Op add(int client, Kind kind, String f, String key, String value, String node, String detail) {
        Op op = new Op(System.nanoTime() - start, client, kind, f, key, value, node, detail);
        ops.add(op);
        return op;
    }

    /** A fault injected or repaired, in the same timeline as the clients' operations. */
    void nemesis(String what) {
        add(-1, Kind.NEMESIS, "fault", "", "", "", what);
    }

    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** The lines around the first that mentions {@code key}'s violation, for a failure message. */
    String around(String key, int lines) {
        List<String> out = new ArrayList<>();
        for (Op op : ops()) if (op.key().equals(key)) out.add(op.toString());
        return String.join("\n", out.subList(Math.max(0, out.size() - lines), out.size()));
    }

    /** How many completions answered with {@code detail} (a status code or an exception's name). */
    long countDetail(String detail) {
        return ops().stream().filter(o -> o.kind() != Kind.INVOKE && o.detail().equals(detail)).count();
    }

    long count(Kind kind) {
        return ops().stream().filter(o -> o.kind() == kind).count();
    }
}
