package dev.shoal.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A conjunction of label {@link Requirement}s. The empty selector matches everything, as in
 * Kubernetes; a selector that is absent altogether ({@code null} in a spec) matches nothing, which
 * is {@link #nothing()}: a Service without a selector must not pick up every pod.
 */
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = List.copyOf(requirements);
        this.nothing = nothing;
    }

    public static LabelSelector of(List<Requirement> requirements) {
        return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements, false);
    }

    public static LabelSelector everything() { return EVERYTHING; }

    public static LabelSelector nothing() { return NOTHING; }

    /** The {@code labelSelector} query parameter; errors are 400s naming it. */
    public static LabelSelector parse(String text) {
        return of(new SelectorParser(text).parse());
    }

    /**
     * A spec's {@code selector}: {@code matchLabels} and/or {@code matchExpressions}; null or
     * missing gives {@link #nothing()}. Malformed selectors are a 400 naming the broken field.
     */
    public static LabelSelector fromJson(JsonNode selector) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) return NOTHING;
        List<FieldCause> errors = SelectorValidation.validate(selector, "selector");
        if (!errors.isEmpty()) throw ApiException.badRequest(errors.get(0).toString(), errors.get(0));
        List<Requirement> reqs = new ArrayList<>();
        JsonNode ml = selector.path("matchLabels");
        ml.fields().forEachRemaining(e -> reqs.add(new Requirement(e.getKey(), Requirement.Operator.EQUALS, List.of(e.getValue().asText()))));
        for (JsonNode expr : selector.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            reqs.add(new Requirement(expr.path("key").asText(), operatorOf(expr.path("operator").asText()), values));
        }
        return of(reqs);
    }

    /** A Service's {@code selector}: a plain map of labels; empty or absent selects nothing. */
    public static LabelSelector fromMap(Map<String, String> labels) {
        if (labels.isEmpty()) return NOTHING;
        List<Requirement> reqs = new ArrayList<>();
        labels.forEach((k, v) -> reqs.add(new Requirement(k, Requirement.Operator.EQUALS, List.of(v))));
        return of(reqs);
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) return false;
        for (Requirement r : requirements) if (!r.matches(labels)) return false;
        return true;
    }

    /** True when there are no requirements (whether that means everything or nothing). */
    public boolean isEmpty() { return requirements.isEmpty(); }

    public boolean matchesNothing() { return nothing; }

    public List<Requirement> requirements() { return requirements; }

    static Requirement.Operator operatorOf(String op) {
        return switch (op) {
            case "In" -> Requirement.Operator.IN;
            case "NotIn" -> Requirement.Operator.NOT_IN;
            case "Exists" -> Requirement.Operator.EXISTS;
            case "DoesNotExist" -> Requirement.Operator.DOES_NOT_EXIST;
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        requirements.forEach(r -> parts.add(r.toString()));
        return String.join(",", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector s && s.nothing == nothing && s.requirements.equals(requirements);
    }

    @Override
    public int hashCode() { return requirements.hashCode() * 31 + (nothing ? 1 : 0); }
}
