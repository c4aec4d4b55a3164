package dev.shoal.api.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Json;

/**
 * Jackson's parse failures in a user's words: {@code json: line 3, column 17: duplicate field
 * "spec.replicas"} rather than Jackson's advice about its own feature flags. The field, when the
 * parser knew where it was, is also the Status cause's field, as Kubernetes' strict decoding names it.
 */
final class ParseErrors {
    private ParseErrors() {}

    /** @param format "json" or "yaml" */
    static ApiException of(String format, JsonProcessingException e) {
        String path = path(e);
        String problem = problem(e, path);
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
        String message = format + ": " + where + problem;
        String field = path.isEmpty() || !(isDuplicate(e) || e instanceof StreamConstraintsException) ? "body" : path;
        return ApiException.badRequest(message, FieldCause.invalid(field, message));
    }

    private static String problem(JsonProcessingException e, String path) {
        String original = String.valueOf(e.getOriginalMessage());
        if (isDuplicate(e)) {
            return "duplicate field \"" + (path.isEmpty() ? duplicateName(original) : path) + "\"";
        }
        if (e instanceof StreamConstraintsException) {
            String at = path.isEmpty() ? "" : " at " + path;
            if (original.startsWith("Document nesting depth")) {
                return "the document is nested deeper than " + Json.MAX_NESTING_DEPTH + " levels";
            }
            if (original.startsWith("Number value length")) return "a number" + at + " is longer than " + Json.MAX_NUMBER_LENGTH + " characters";
            if (original.startsWith("String value length")) return "a string" + at + " is longer than " + Json.MAX_STRING_LENGTH + " characters";
            if (original.startsWith("Name length")) return "a key" + at + " is longer than " + Json.MAX_NAME_LENGTH + " characters";
        }
        return original;
    }

    private static boolean isDuplicate(JsonProcessingException e) {
        return String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field '");
    }

    private static String duplicateName(String message) {
        int from = message.indexOf('\'') + 1;
        int to = message.indexOf('\'', from);
        return to > from ? message.substring(from, to) : "?";
    }

    /** spec.template.spec.containers[0].image, from the parser's position when it failed; "" when unknown. */
    private static String path(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) return "";
        JsonStreamContext ctx = p.getParsingContext();
        // a depth failure would print a hundred levels of brackets; where it starts is in the line and column
        if (ctx == null || ctx.getNestingDepth() > 10) return "";
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) segments.addFirst("." + c.getCurrentName());
            else if (c.inArray() && c.getCurrentIndex() >= 0) segments.addFirst("[" + c.getCurrentIndex() + "]");
        }
        StringBuilder out = new StringBuilder();
        segments.forEach(out::append);
        if (out.length() > 0 && out.charAt(0) == '.') out.deleteCharAt(0);
        return out.toString();
    }
}
