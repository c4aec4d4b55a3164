package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.codec.ManifestCodec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The {@code pod-template-hash} that names a Deployment's ReplicaSets ({@code web-7d9f8b6c5}),
 * computed as Kubernetes does in spirit: FNV-1a (32 bit) over the pod template, mixed with the
 * collision count, then spelled with Kubernetes' safe alphabet. The template is hashed in a
 * canonical form (object keys sorted, null fields dropped) so that neither field order nor a
 * client's explicit nulls change it: a rollback must find its old ReplicaSet again.
 */
public final class TemplateHash {
    public static final String LABEL = "pod-template-hash";
    /** Kubernetes' alphabet for generated names: no vowels (no words), no look-alikes (0/o, 1/l). */
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private TemplateHash() {}

    public static String of(JsonNode template, long collisionCount) {
        JsonNode t = canonical(template);
        if (t instanceof ObjectNode o && o.get("metadata") instanceof ObjectNode meta
                && meta.get("labels") instanceof ObjectNode labels) {
            labels.remove(LABEL);
        }
        int h = FNV_OFFSET;
        for (byte b : ManifestCodec.toJson(t)) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        if (collisionCount > 0) {
            for (byte b : Long.toString(collisionCount).getBytes()) {
                h ^= (b & 0xff);
                h *= FNV_PRIME;
            }
        }
        String digits = Integer.toUnsignedString(h);
        StringBuilder out = new StringBuilder(digits.length());
        for (char c : digits.toCharArray()) out.append(ALPHABET.charAt(c % ALPHABET.length()));
        return out.toString();
    }

    /** A deep copy with every object's keys in sorted order. */
    static JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
            Collections.sort(names);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String n : names) {
                // A null field is an absent one (kubectl sends "creationTimestamp": null in templates).
                if (!o.get(n).isNull()) out.set(n, canonical(o.get(n)));
            }
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : a) out.add(canonical(e));
            return out;
        }
        return node == null ? JsonNodeFactory.instance.objectNode() : node.deepCopy();
    }
}
