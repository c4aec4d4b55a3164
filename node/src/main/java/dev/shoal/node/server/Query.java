package dev.shoal.node.server;

import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;

import java.util.List;
import java.util.Map;

/** The query string of one API request, with typed getters for the Kubernetes parameters. */
public record Query(Map<String, List<String>> params) {
    public Query {
        params = Map.copyOf(params);
    }

    public String get(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    /** Every value of a repeated parameter ({@code command=sh&command=-c}), in order; empty if absent. */
    public List<String> all(String name) {
        return params.getOrDefault(name, List.of());
    }

    public boolean flag(String name) {
        String v = get(name);
        return v.equals("true") || v.equals("1");
    }

    public boolean isDryRun() {
        return get("dryRun").equals("All");
    }

    public long longParam(String name, long dflt) {
        String v = get(name);
        if (v.isEmpty()) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": must be an integer, got \"" + v + "\"",
                    FieldCause.invalid(name, "must be an integer"));
        }
    }
}
