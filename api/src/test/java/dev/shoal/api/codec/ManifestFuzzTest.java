package dev.shoal.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;
import dev.shoal.api.defaults.Defaulter;
import dev.shoal.api.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property-based fuzzing of the path every manifest takes into Shoal: decode, find the kind,
 * default, validate. Valid Pods, Deployments and Services are generated, encoded as JSON or
 * YAML, then mutated (byte flips, truncation, type swaps, deep nesting, huge values, random
 * Unicode, random keys). Whatever comes out, the path either accepts the object or throws an
 * {@link ApiException} with a 4xx code and a message: never another exception, never a hang.
 * What it accepts survives a round trip through JSON and YAML unchanged.
 *
 * <p>Seeds are fixed (and printed), so a run is reproducible: {@value #TRIES} tries per property.
 */
class ManifestFuzzTest {
    static final int TRIES = 2000;
    /** One decode+validate far slower than this is a hang in the making (a normal one takes well under a millisecond). */
    static final long TRY_TIMEOUT_SECONDS = 5;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static ExecutorService runner;
    private static final AtomicLong accepted = new AtomicLong();
    private static final AtomicLong refused = new AtomicLong();
    private static long startNanos;

    @BeforeContainer
    static void start() {
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-try");
            t.setDaemon(true);
            return t;
        });
        startNanos = System.nanoTime();
    }

    @AfterContainer
    static void stop() {
        runner.shutdownNow();
        System.out.printf("ManifestFuzzTest: %d tries per property, seeds %s/%s/%s; %d accepted, %d refused with a 4xx; %d ms%n",
                TRIES, "20261127", "20261128", "20261129", accepted.get(), refused.get(),
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    // ---- properties ----

    @Property(tries = TRIES, seed = "20261127")
    void mutatedManifestsAreAcceptedOrRefusedWithA4xx(@ForAll("mutatedBodies") Body body) {
        Outcome o = decodeAndValidate(body);
        if (o.refusal() == null) accepted.incrementAndGet();
        else refused.incrementAndGet();
    }

    @Property(tries = TRIES / 2, seed = "20261128")
    void validManifestsAreAccepted(@ForAll("validObjects") ObjectNode obj, @ForAll boolean yaml) {
        Outcome o = decodeAndValidate(encode(obj, yaml));
        assertTrue(o.refusal() == null, () -> "a valid manifest was refused: " + o.refusal().getMessage() + "\n" + obj);
        assertEquals(obj, o.decoded(), "decoding gives back what was encoded");
    }

    @Property(tries = TRIES, seed = "20261129")
    void whatIsAcceptedRoundTrips(@ForAll("mutatedBodies") Body body) {
        Outcome o = decodeAndValidate(body);
        if (o.refusal() != null) return;
        ObjectNode decoded = o.decoded();
        assertEquals(decoded, ManifestCodec.decodeOne(ManifestCodec.toJson(decoded), "application/json"), "JSON round trip");
        String yaml = ManifestCodec.toYaml(decoded);
        assertEquals(decoded, ManifestCodec.decodeOne(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml"),
                () -> "YAML round trip of\n" + yaml);
    }

    // ---- the path under test ----

    record Body(byte[] bytes, String contentType, String how) {
        @Override public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return how + " (" + contentType + ", " + bytes.length + " bytes): " + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }

    /** @param decoded the object as decoded, before defaults (null when refused) */
    record Outcome(ObjectNode decoded, ApiException refusal) {}

    /** Decode, kind, defaults, validation, as {@code ResourceApi.create} runs them; fails the property on anything but a 4xx. */
    private static Outcome decodeAndValidate(Body body) {
        Future<Outcome> f = runner.submit(() -> {
            try {
                ObjectNode obj = ManifestCodec.decodeOne(body.bytes(), body.contentType());
                ObjectNode decoded = obj.deepCopy();
                ResourceType type = ManifestCodec.typeOf(obj);
                Defaulter.apply(type, obj);
                Validator.validate(type, obj).throwIfInvalid(type, obj.path("metadata").path("name").asText());
                return new Outcome(decoded, null);
            } catch (ApiException e) {
                return new Outcome(null, e);
            }
        });
        Outcome o;
        try {
            o = f.get(TRY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no answer within " + TRY_TIMEOUT_SECONDS + " s for " + body);
        } catch (ExecutionException e) {
            throw new AssertionError("not an ApiException: " + e.getCause() + " for " + body, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (o.refusal() != null) {
            ApiException e = o.refusal();
            assertTrue(e.code() >= 400 && e.code() < 500, () -> "code " + e.code() + " for " + body + ": " + e.getMessage());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), () -> "no message for " + body);
        }
        return o;
    }

    private static Body encode(ObjectNode obj, boolean yaml) {
        return yaml ? new Body(ManifestCodec.toYaml(obj).getBytes(StandardCharsets.UTF_8), "application/yaml", "yaml")
                : new Body(ManifestCodec.toJson(obj), "application/json", "json");
    }

    // ---- valid manifests ----

    @Provide
    Arbitrary<ObjectNode> validObjects() {
        return Arbitraries.oneOf(pods(), deployments(), services());
    }

    private static Arbitrary<String> dnsLabel() {
        Arbitrary<String> first = Arbitraries.strings().withCharRange('a', 'z').ofLength(1);
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-').ofMaxLength(20);
        return Combinators.combine(first, rest).as((a, b) -> a + b.replaceAll("-+$", ""));
    }

    private static Arbitrary<ObjectNode> labels() {
        return Arbitraries.maps(dnsLabel(), dnsLabel()).ofMinSize(1).ofMaxSize(4).map(m -> {
            ObjectNode o = F.objectNode();
            m.forEach(o::put);
            return o;
        });
    }

    private static Arbitrary<ObjectNode> container() {
        Arbitrary<String> image = Combinators.combine(dnsLabel(), Arbitraries.integers().between(1, 30))
                .as((n, v) -> n + ":" + v);
        Arbitrary<List<Integer>> ports = Arbitraries.integers().between(1, 65535).list().uniqueElements().ofMaxSize(3);
        Arbitrary<List<String>> args = Arbitraries.strings().ofMaxLength(30)
                .filter(s -> s.indexOf('\0') < 0).list().ofMaxSize(3);
        return Combinators.combine(dnsLabel(), image, ports, args).as((name, img, ps, as) -> {
            ObjectNode c = F.objectNode().put("name", name).put("image", img);
            if (!ps.isEmpty()) {
                ArrayNode arr = c.putArray("ports");
                ps.forEach(p -> arr.addObject().put("containerPort", p));
            }
            if (!as.isEmpty()) {
                ArrayNode arr = c.putArray("args");
                as.forEach(arr::add);
            }
            return c;
        });
    }

    private static Arbitrary<ObjectNode> podSpec() {
        return container().list().ofMinSize(1).ofMaxSize(3)
                .uniqueElements(c -> c.path("name").asText())
                .map(cs -> {
                    ObjectNode spec = F.objectNode();
                    ArrayNode arr = spec.putArray("containers");
                    java.util.Set<Long> ports = new java.util.HashSet<>();
                    for (ObjectNode c : cs) {
                        // container ports are unique across the pod
                        if (c.has("ports")) {
                            ArrayNode kept = F.arrayNode();
                            c.withArray("ports").forEach(p -> { if (ports.add(p.path("containerPort").asLong())) kept.add(p); });
                            if (kept.isEmpty()) c.remove("ports"); else c.set("ports", kept);
                        }
                        arr.add(c);
                    }
                    return spec;
                });
    }

    private static ObjectNode meta(String name, ObjectNode labels) {
        ObjectNode m = F.objectNode().put("name", name);
        m.set("labels", labels);
        return m;
    }

    private static Arbitrary<ObjectNode> pods() {
        return Combinators.combine(dnsLabel(), labels(), podSpec()).as((name, labels, spec) -> {
            ObjectNode pod = F.objectNode().put("apiVersion", "v1").put("kind", "Pod");
            pod.set("metadata", meta(name, labels));
            pod.set("spec", spec);
            return pod;
        });
    }

    private static Arbitrary<ObjectNode> deployments() {
        return Combinators.combine(dnsLabel(), labels(), podSpec(), Arbitraries.integers().between(0, 50)).as((name, labels, spec, replicas) -> {
            ObjectNode d = F.objectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
            d.set("metadata", meta(name, labels.deepCopy()));
            ObjectNode s = d.putObject("spec").put("replicas", replicas);
            s.putObject("selector").set("matchLabels", labels.deepCopy());
            ObjectNode template = s.putObject("template");
            template.putObject("metadata").set("labels", labels.deepCopy());
            template.set("spec", spec);
            return d;
        });
    }

    private static Arbitrary<ObjectNode> services() {
        Arbitrary<List<Integer>> ports = Arbitraries.integers().between(1, 65535).list().uniqueElements().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(dnsLabel(), labels(), ports).as((name, labels, ps) -> {
            ObjectNode svc = F.objectNode().put("apiVersion", "v1").put("kind", "Service");
            svc.set("metadata", meta(name, labels.deepCopy()));
            ObjectNode s = svc.putObject("spec");
            s.set("selector", labels.deepCopy());
            ArrayNode arr = s.putArray("ports");
            for (int i = 0; i < ps.size(); i++) arr.addObject().put("name", "p" + i).put("port", ps.get(i));
            return svc;
        });
    }

    // ---- mutations ----

    enum Mutation { NONE, BYTE_FLIPS, TRUNCATE, TYPE_SWAP, DEEP_NESTING, HUGE_VALUE, RANDOM_UNICODE, RANDOM_KEY, SPLICE_BYTES }

    @Provide
    Arbitrary<Body> mutatedBodies() {
        return Combinators.combine(validObjects(), Arbitraries.of(true, false), Arbitraries.of(Mutation.class),
                        Arbitraries.longs(), Arbitraries.of("application/json", "application/yaml", "text/plain", ""))
                .as((obj, yaml, mutation, seed, contentType) -> mutate(obj, yaml, mutation, new Random(seed), contentType));
    }

    static Body mutate(ObjectNode obj, boolean yaml, Mutation m, Random r, String contentType) {
        String how = m + (yaml ? " of yaml" : " of json");
        String ct = contentType.isEmpty() ? null : contentType;
        switch (m) {
            case NONE -> { return new Body(encode(obj, yaml).bytes(), ct, how); }
            case BYTE_FLIPS -> {
                byte[] b = encode(obj, yaml).bytes().clone();
                int flips = 1 + r.nextInt(8);
                for (int i = 0; i < flips; i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                return new Body(b, ct, how);
            }
            case TRUNCATE -> {
                byte[] b = encode(obj, yaml).bytes();
                return new Body(java.util.Arrays.copyOf(b, r.nextInt(b.length)), ct, how);
            }
            case SPLICE_BYTES -> {
                byte[] b = encode(obj, yaml).bytes();
                byte[] noise = new byte[1 + r.nextInt(16)];
                r.nextBytes(noise);
                int at = r.nextInt(b.length + 1);
                byte[] out = new byte[b.length + noise.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(noise, 0, out, at, noise.length);
                System.arraycopy(b, at, out, at + noise.length, b.length - at);
                return new Body(out, ct, how);
            }
            default -> {
                ObjectNode copy = obj.deepCopy();
                replaceRandomNode(copy, r, m);
                return new Body(encode(copy, yaml).bytes(), ct, how);
            }
        }
    }

    /** Replaces one node picked at random (or adds a key, for RANDOM_KEY) with what the mutation makes. */
    private static void replaceRandomNode(ObjectNode root, Random r, Mutation m) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        JsonNode parent = containers.get(r.nextInt(containers.size()));
        if (parent instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String key = m == Mutation.RANDOM_KEY || names.isEmpty() ? randomString(r, 1 + r.nextInt(12)) : names.get(r.nextInt(names.size()));
            o.set(key, value(r, m));
        } else if (parent instanceof ArrayNode a) {
            if (a.isEmpty() || m == Mutation.RANDOM_KEY) a.add(value(r, m));
            else a.set(r.nextInt(a.size()), value(r, m));
        }
    }

    private static void collectContainers(JsonNode n, List<JsonNode> out) {
        if (!n.isContainerNode()) return;
        out.add(n);
        for (JsonNode c : n) collectContainers(c, out);
    }

    private static JsonNode value(Random r, Mutation m) {
        return switch (m) {
            case TYPE_SWAP -> switch (r.nextInt(8)) {
                case 0 -> F.nullNode();
                case 1 -> F.booleanNode(r.nextBoolean());
                case 2 -> F.numberNode(r.nextInt());
                case 3 -> F.numberNode(r.nextDouble() * 1e6);
                case 4 -> F.textNode(randomString(r, r.nextInt(10)));
                case 5 -> F.arrayNode().add(r.nextInt(10));
                case 6 -> F.objectNode().put("x", 1);
                default -> F.numberNode(-r.nextInt(1000));
            };
            case DEEP_NESTING -> {
                JsonNode v = F.textNode("deep");
                int depth = 1 + r.nextInt(300);
                for (int i = 0; i < depth; i++) v = r.nextBoolean() ? F.arrayNode().add(v) : F.objectNode().set("k", v);
                yield v;
            }
            case HUGE_VALUE -> switch (r.nextInt(6)) {
                case 0 -> F.numberNode(new java.math.BigInteger("9".repeat(1 + r.nextInt(120))));
                case 1 -> F.numberNode(new java.math.BigDecimal("1e" + (300 + r.nextInt(200))));
                case 2 -> F.textNode("x".repeat(r.nextInt(1 << 21)));
                case 3 -> F.numberNode(Long.MIN_VALUE);
                case 4 -> { ObjectNode o = F.objectNode(); for (int i = 0; i < 2000; i++) o.put("k" + i, "v"); yield o; }
                default -> F.numberNode(Double.MAX_VALUE);
            };
            case RANDOM_UNICODE -> F.textNode(randomString(r, 1 + r.nextInt(40)));
            default -> F.textNode(randomString(r, 1 + r.nextInt(12)));
        };
    }

    /** Any code points, control characters, NUL, unpaired surrogates and the BOM included. */
    private static String randomString(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (r.nextInt(5)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append((char) (0xD800 + r.nextInt(0x800)));
                case 2 -> sb.appendCodePoint(r.nextInt(0x110000));
                case 3 -> sb.append("\uFEFF:-#&*!|>'\"%@`{}[],?".charAt(r.nextInt(20)));
                default -> sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        return sb.toString();
    }
}
