package dev.shoal.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The properties a scenario must keep, checked over a {@link History} and the final state. Pure. */
final class Checks {
    private Checks() {}

    /**
     * No acknowledged write lost. Every key has one writer that waits for each answer, so its
     * operations are ordered. The key's final state must be what its last acknowledged operation
     * left (a value, or absent after a delete), or what an operation of unknown outcome invoked
     * after it left; a key never acknowledged may be absent or hold an unknown write's value.
     * Refused operations (FAIL) must leave no trace.
     *
     * @param finalState key -> value; absent keys are not in the map
     * @return one line per violating key, with its history
     */
    static List<String> acknowledgedWritesLost(History history, Map<String, String> finalState) {
        Map<String, List<History.Op>> byKey = new HashMap<>();
        for (History.Op op : history.ops()) {
            if (op.kind() != History.Kind.INVOKE && op.kind() != History.Kind.NEMESIS) byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<History.Op>> e : byKey.entrySet()) {
            Set<Optional<String>> allowed = allowedFinal(e.getValue());
            Optional<String> actual = Optional.ofNullable(finalState.get(e.getKey()));
            if (!allowed.contains(actual)) {
                violations.add(e.getKey() + " is " + actual.orElse("<absent>") + ", allowed " + allowed + "\n"
                        + history.around(e.getKey(), 12));
            }
        }
        return violations;
    }

    /** The final states a key's completed operations allow (Optional.empty() = absent). */
    static Set<Optional<String>> allowedFinal(List<History.Op> completions) {
        int lastOk = -1;
        for (int i = 0; i < completions.size(); i++) {
            History.Op op = completions.get(i);
            if (op.kind() == History.Kind.OK && !(op.f().equals("update") && op.value().isEmpty())) lastOk = i;
        }
        Set<Optional<String>> allowed = new HashSet<>();
        allowed.add(lastOk < 0 ? Optional.empty() : effect(completions.get(lastOk)));
        for (int i = lastOk + 1; i < completions.size(); i++) {
            if (completions.get(i).kind() == History.Kind.INFO) allowed.add(effect(completions.get(i)));
        }
        return allowed;
    }

    private static Optional<String> effect(History.Op op) {
        return op.f().equals("delete") ? Optional.empty() : Optional.of(op.value());
    }

    /**
     * Fencing: in one epoch of a Deployment's lease, writes come from one leader only.
     *
     * @param observed "deployment@epoch" -> the leaders seen stamping writes with it
     */
    static List<String> twoLeadersInOneEpoch(Map<String, Set<String>> observed) {
        List<String> out = new ArrayList<>();
        observed.forEach((epoch, leaders) -> {
            if (leaders.size() > 1) out.add(epoch + " was written by " + leaders);
        });
        return out;
    }
}
