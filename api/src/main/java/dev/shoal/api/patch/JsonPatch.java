package dev.shoal.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RFC 6902 JSON patch. As in Kubernetes, a malformed patch is a 400 and a well-formed one that
 * cannot be applied (missing path, failed {@code test}) is a 422; both name the operation's index.
 */
final class JsonPatch {
    private JsonPatch() {}

    static ObjectNode apply(ObjectNode target, JsonNode ops) {
        if (ops == null || !ops.isArray()) throw malformed("a JSON patch must be a list of operations");
        JsonNode doc = target.deepCopy();
        for (int i = 0; i < ops.size(); i++) doc = applyOne(doc, ops.get(i), i);
        if (!doc.isObject()) throw new Failure("the patched document must be an object").at(ops.size() - 1, ops.get(ops.size() - 1));
        return (ObjectNode) doc;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode op, int index) {
        if (!op.isObject()) throw malformed("operation " + index + " must be an object");
        String kind = op.path("op").asText("");
        List<String> path = pointer(op, "path", index);
        try {
            return switch (kind) {
                case "add" -> add(doc, path, value(op, index));
                case "remove" -> remove(doc, path).doc;
                case "replace" -> path.isEmpty() ? value(op, index) : add(remove(doc, path).doc, path, value(op, index));
                case "move" -> {
                    List<String> from = pointer(op, "from", index);
                    if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
                        throw new Failure("cannot move a value into itself");
                    }
                    Removed r = remove(doc, from);
                    yield add(r.doc, path, r.value);
                }
                case "copy" -> add(doc, path, get(doc, pointer(op, "from", index)).deepCopy());
                case "test" -> {
                    if (!sameValue(get(doc, path), value(op, index))) throw new Failure("test failed: the value differs");
                    yield doc;
                }
                default -> throw malformed("operation " + index + ": unsupported op " + FieldCause.render(kind)
                        + ": supported values: \"add\", \"remove\", \"replace\", \"move\", \"copy\", \"test\"");
            };
        } catch (Failure f) {
            throw f.at(index, op);
        }
    }

    private static JsonNode add(JsonNode doc, List<String> path, JsonNode value) {
        if (path.isEmpty()) return value;
        JsonNode parent = get(doc, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            int i = last.equals("-") ? a.size() : index(last, a.size() + 1);
            a.insert(i, value);
        } else {
            throw new Failure("parent of the path is not an object or list");
        }
        return doc;
    }

    private record Removed(JsonNode doc, JsonNode value) {}

    private static Removed remove(JsonNode doc, List<String> path) {
        if (path.isEmpty()) throw new Failure("cannot remove the whole document");
        JsonNode parent = get(doc, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            if (!o.has(last)) throw new Failure("path not found");
            return new Removed(doc, o.remove(last));
        }
        if (parent instanceof ArrayNode a) return new Removed(doc, a.remove(index(last, a.size())));
        throw new Failure("path not found");
    }

    private static JsonNode get(JsonNode doc, List<String> path) {
        JsonNode n = doc;
        for (String token : path) {
            if (n.isObject()) n = n.get(token);
            else if (n.isArray()) n = n.get(index(token, n.size()));
            else n = null;
            if (n == null) throw new Failure("path not found");
        }
        return n;
    }

    private static int index(String token, int limit) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) throw new Failure("invalid list index " + FieldCause.render(token));
        int i = Integer.parseInt(token);
        if (i >= limit) throw new Failure("list index " + i + " out of bounds");
        return i;
    }

    /** 1 and 1.0 are the same number, as RFC 6902's {@code test} requires. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        Comparator<JsonNode> numbers = (x, y) -> x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue()) : (x.equals(y) ? 0 : 1);
        return a.equals(numbers, b);
    }

    private static JsonNode value(JsonNode op, int index) {
        if (!op.has("value")) throw malformed("operation " + index + ": missing value");
        return op.get("value").deepCopy();
    }

    /** RFC 6901: "/a~1b/0" is ["a/b", "0"]. */
    private static List<String> pointer(JsonNode op, String field, int index) {
        JsonNode p = op.get(field);
        if (p == null || !p.isTextual()) throw malformed("operation " + index + ": missing " + field);
        String s = p.asText();
        List<String> out = new ArrayList<>();
        if (s.isEmpty()) return out;
        if (!s.startsWith("/")) throw malformed("operation " + index + ": " + field + " " + FieldCause.render(s) + " must start with '/'");
        for (String t : s.substring(1).split("/", -1)) out.add(t.replace("~1", "/").replace("~0", "~"));
        return out;
    }

    private static ApiException malformed(String message) {
        return ApiException.badRequest("invalid JSON patch: " + message, FieldCause.invalid("body", message));
    }

    /** A well-formed operation that does not apply; becomes a 422 naming the operation. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }

        ApiException at(int index, JsonNode op) {
            String msg = "json patch operation " + index + " (" + op.path("op").asText() + " "
                    + op.path("path").asText() + ") failed: " + getMessage();
            return new ApiException(422, "Invalid", msg, List.of(FieldCause.invalid("body", msg)), null);
        }
    }
}
