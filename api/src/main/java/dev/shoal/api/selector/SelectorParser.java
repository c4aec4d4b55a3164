package dev.shoal.api.selector;

import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Names;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the label selector query syntax: {@code a=b,c!=d,e in (x,y),f notin (z),g,!h}.
 * A hand-written scanner over one string: each requirement is a key, then an optional operator.
 */
final class SelectorParser {
    private final String text;
    private int pos;

    SelectorParser(String text) {
        this.text = text == null ? "" : text;
    }

    List<Requirement> parse() {
        List<Requirement> out = new ArrayList<>();
        skipSpace();
        if (pos == text.length()) return out;
        while (true) {
            out.add(requirement());
            skipSpace();
            if (pos == text.length()) return out;
            expect(',');
        }
    }

    private Requirement requirement() {
        skipSpace();
        if (peek('!')) {
            pos++;
            return checked(new Requirement(word("key"), Requirement.Operator.DOES_NOT_EXIST, List.of()));
        }
        String key = word("key");
        skipSpace();
        if (pos == text.length() || peek(',')) return checked(new Requirement(key, Requirement.Operator.EXISTS, List.of()));
        if (text.startsWith("!=", pos)) {
            pos += 2;
            return checked(new Requirement(key, Requirement.Operator.NOT_EQUALS, List.of(value())));
        }
        if (text.startsWith("==", pos) || peek('=')) {
            pos += text.startsWith("==", pos) ? 2 : 1;
            return checked(new Requirement(key, Requirement.Operator.EQUALS, List.of(value())));
        }
        String op = word("operator");
        Requirement.Operator operator = switch (op) {
            case "in" -> Requirement.Operator.IN;
            case "notin" -> Requirement.Operator.NOT_IN;
            default -> throw error("found '" + op + "', expected: in, notin, =, ==, !=, or ','");
        };
        skipSpace();
        expect('(');
        List<String> values = new ArrayList<>();
        skipSpace();
        while (!peek(')')) {
            values.add(value());
            skipSpace();
            if (!peek(')')) expect(',');
        }
        pos++;
        if (values.isEmpty()) throw error("for 'in', 'notin' operators, values set can't be empty");
        return checked(new Requirement(key, operator, values));
    }

    private Requirement checked(Requirement r) {
        List<String> keyErrors = Names.qualifiedName(r.key());
        if (!keyErrors.isEmpty()) throw error("key: Invalid value: " + FieldCause.render(r.key()) + ": " + keyErrors.get(0));
        for (String v : r.values()) {
            List<String> errs = Names.labelValue(v);
            if (!errs.isEmpty()) throw error("values: Invalid value: " + FieldCause.render(v) + ": " + errs.get(0));
        }
        return r;
    }

    private String value() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    private String word(String what) {
        String w = value();
        if (w.isEmpty()) throw error(what + " expected at position " + pos);
        return w;
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == ',' || c == '=' || c == '!' || c == '(' || c == ')';
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        skipSpace();
        if (!peek(c)) {
            String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "end of string";
            throw error("found " + found + ", expected: '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private ApiException error(String detail) {
        String message = "unable to parse requirement: " + detail;
        return ApiException.badRequest(message, FieldCause.invalid("labelSelector", message));
    }
}
