package dev.shoal.api.validation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.FieldCause;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ValidatorTest {
    private static final String POD_SPEC = """
            {"containers":[{"name":"web","image":"nginx:1.27",
              "ports":[{"name":"http","containerPort":80}],
              "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"1","memory":"128Mi"}},
              "readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5}}]}""";

    static final Map<ResourceType, String> VALID = Map.of(
            ResourceType.POD, "{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"default\",\"labels\":{\"app\":\"web\"}},\"spec\":" + POD_SPEC + "}",
            ResourceType.DEPLOYMENT, "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                    + "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":0}},"
                    + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":" + POD_SPEC + "}}}",
            ResourceType.REPLICASET, "{\"metadata\":{\"name\":\"web-abc12\"},\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                    + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":" + POD_SPEC + "}}}",
            ResourceType.SERVICE, "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"selector\":{\"app\":\"web\"},"
                    + "\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":\"http\"},{\"name\":\"https\",\"port\":443,\"targetPort\":8443}]}}",
            ResourceType.EVENT, "{\"metadata\":{\"name\":\"web.1\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web\"},\"reason\":\"Scheduled\"}",
            ResourceType.NODE, "{\"metadata\":{\"name\":\"node-1.example.com\"}}",
            ResourceType.NAMESPACE, "{\"metadata\":{\"name\":\"prod\"}}",
            ResourceType.ENDPOINTS, "{\"metadata\":{\"name\":\"web\"}}",
            ResourceType.ENDPOINTSLICE, "{\"metadata\":{\"name\":\"web-abc\"}}");

    static ObjectNode valid(ResourceType type) {
        try {
            return (ObjectNode) Json.JSON.readTree(VALID.get(type));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets (or with "DELETE", removes) the value at a JSON pointer; "-" appends to a list. */
    static ObjectNode edit(ObjectNode obj, String pointer, String json) throws Exception {
        JsonPointer ptr = JsonPointer.compile(pointer);
        JsonNode parent = obj.at(ptr.head());
        String last = ptr.last().getMatchingProperty();
        if (json.equals("DELETE")) {
            if (parent instanceof ObjectNode o) o.remove(last);
            else ((ArrayNode) parent).remove(Integer.parseInt(last));
            return obj;
        }
        JsonNode value = Json.JSON.readTree(json);
        if (parent instanceof ObjectNode o) o.set(last, value);
        else if (last.equals("-")) ((ArrayNode) parent).add(value);
        else ((ArrayNode) parent).set(Integer.parseInt(last), value);
        return obj;
    }

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void baselineIsValid(ResourceType type) {
        ValidationResult r = Validator.validate(type, valid(type));
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.warnings());
    }

    /**
     * One row per rule: kind, a JSON pointer to change in the valid baseline, the new value (or
     * DELETE), then the one error expected: its field path and its message.
     */
    @ParameterizedTest(name = "{0} {1}={2} -> {3}: {4}")
    @CsvFileSource(resources = "/validation-rules.csv", delimiter = '|', numLinesToSkip = 1, quoteCharacter = '~')
    void rule(ResourceType type, String pointer, String value, String field, String message) throws Exception {
        ObjectNode obj = edit(valid(type), pointer, value);
        List<FieldCause> errors = Validator.validate(type, obj).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(field, errors.get(0).field(), errors.toString());
        assertTrue(errors.get(0).message().startsWith(message), errors.get(0).message());
    }

    /** Variations that Kubernetes accepts, so a rule is not stricter than Kubernetes'. */
    @ParameterizedTest(name = "{0} {1}={2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "SERVICE    | /spec | {\"clusterIP\":\"None\"}",
            "SERVICE    | /spec | {\"sessionAffinity\":\"ClientIP\",\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":10800}},\"ports\":[{\"port\":80}]}",
            "SERVICE    | /spec | {\"type\":\"ExternalName\",\"externalName\":\"db.example.com\"}",
            "SERVICE    | /spec | {\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]}",
            "SERVICE    | /spec | {\"type\":\"LoadBalancer\",\"ports\":[{\"port\":80,\"nodePort\":0}]}",
            "SERVICE    | /spec/ports/1 | {\"name\":\"dns\",\"port\":80,\"protocol\":\"UDP\"}",
            "POD        | /spec/containers/0/ports/- | {\"containerPort\":80,\"protocol\":\"UDP\"}",
            "POD        | /metadata/name | \"a.b.c\"",
            "POD        | /spec/restartPolicy | \"Never\"",
            "POD        | /spec/containers/0/env | [{\"name\":\"A\"},{\"name\":\"A\",\"value\":\"duplicates are allowed\"}]",
            "POD        | /spec/containers/0/livenessProbe | {\"exec\":{\"command\":[\"true\"]}}",
            "POD        | /spec/containers/0/resources/limits/cpu | 2",
            "POD        | /metadata/labels/app | \"\"",
            "POD        | /metadata/annotations | {\"Example.com/Some_Key\":\"any value at all\"}",
            "DEPLOYMENT | /spec/strategy | {\"type\":\"Recreate\"}",
            "DEPLOYMENT | /spec/strategy/rollingUpdate | {\"maxSurge\":0,\"maxUnavailable\":\"10%\"}",
            "DEPLOYMENT | /spec/selector | {\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"In\",\"values\":[\"web\",\"api\"]}]}",
            "DEPLOYMENT | /spec/replicas | 0",
            "DEPLOYMENT | /spec/progressDeadlineSeconds | 600",
    })
    void accepted(ResourceType type, String pointer, String value) throws Exception {
        assertEquals(List.of(), Validator.validate(type, edit(valid(type), pointer, value)).errors());
    }

    @Test
    void annotationsOver256KiBAreTooLong() throws Exception {
        ObjectNode obj = valid(ResourceType.NAMESPACE);
        ObjectNode ann = ((ObjectNode) obj.get("metadata")).putObject("annotations");
        ann.put("a", "x".repeat(200_000));
        assertTrue(Validator.validate(ResourceType.NAMESPACE, obj).isValid());
        ann.put("b", "x".repeat(100_000));
        assertEquals(List.of(FieldCause.tooLong("metadata.annotations", "must have at most 262144 bytes")),
                Validator.validate(ResourceType.NAMESPACE, obj).errors());
    }

    @Test
    void generateNameStandsInForName() throws Exception {
        ObjectNode obj = edit(valid(ResourceType.POD), "/metadata/name", "DELETE");
        edit(obj, "/metadata/generateName", "\"web-\"");
        assertTrue(Validator.validate(ResourceType.POD, obj).isValid());
    }

    @Test
    void throwIfInvalidIs422WithKubernetesMessage() throws Exception {
        ObjectNode obj = edit(valid(ResourceType.DEPLOYMENT), "/spec/replicas", "-1");
        ApiException e = assertThrows(ApiException.class,
                () -> Validator.validate(ResourceType.DEPLOYMENT, obj).throwIfInvalid(ResourceType.DEPLOYMENT, "web"));
        assertEquals(422, e.code());
        assertEquals("Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", e.getMessage());
        assertDoesNotThrow(() -> Validator.validate(ResourceType.POD, valid(ResourceType.POD)).throwIfInvalid(ResourceType.POD, "web-1"));
    }

    @Test
    void statusIsNotValidated() throws Exception {
        ObjectNode obj = edit(valid(ResourceType.POD), "/status", "{\"phase\":42,\"containerStatuses\":\"nonsense\"}");
        assertTrue(Validator.validate(ResourceType.POD, obj).isValid());
    }

    @Test
    void warnsOnceForEachTopmostUnimplementedSpecField() throws Exception {
        ObjectNode obj = valid(ResourceType.DEPLOYMENT);
        edit(obj, "/spec/template/spec/volumes", "[{\"name\":\"data\",\"emptyDir\":{}}]");
        edit(obj, "/spec/template/spec/affinity", "{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{},"
                + "\"preferredDuringSchedulingIgnoredDuringExecution\":[]},\"podAntiAffinity\":{}}");
        edit(obj, "/spec/template/spec/containers/0/volumeMounts", "[{\"name\":\"data\",\"mountPath\":\"/data\"}]");
        edit(obj, "/spec/template/spec/containers/0/env", "[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"valueFrom\":{}}]");
        edit(obj, "/spec/minReadySecondz", "3");
        edit(obj, "/spec/template/metadata/annotations", "{\"x\":\"y\"}");
        edit(obj, "/spec/selector/matchExpressions", "[{\"key\":\"track\",\"operator\":\"NotIn\",\"values\":[\"canary\"]}]");
        ValidationResult r = Validator.validate(ResourceType.DEPLOYMENT, obj);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(
                "spec.template.spec.containers[0].volumeMounts: not implemented by Shoal; kept but ignored",
                "spec.template.spec.containers[0].env[1].valueFrom: not implemented by Shoal; kept but ignored",
                "spec.template.spec.volumes: not implemented by Shoal; kept but ignored",
                "spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution: not implemented by Shoal; kept but ignored",
                "spec.template.spec.affinity.podAntiAffinity: not implemented by Shoal; kept but ignored",
                "spec.minReadySecondz: not implemented by Shoal; kept but ignored"),
                r.warnings());
    }

    @Test
    void warningsForServiceAndPod() throws Exception {
        ObjectNode svc = edit(valid(ResourceType.SERVICE), "/spec/externalTrafficPolicy", "\"Local\"");
        edit(svc, "/spec/ports/0/appProtocol", "\"http\"");
        assertEquals(List.of("spec.ports[0].appProtocol: not implemented by Shoal; kept but ignored",
                "spec.externalTrafficPolicy: not implemented by Shoal; kept but ignored"),
                Validator.validate(ResourceType.SERVICE, svc).warnings());
        ObjectNode pod = edit(valid(ResourceType.POD), "/spec/hostAliases", "[]");
        assertEquals(List.of("spec.hostAliases: not implemented by Shoal; kept but ignored"),
                Validator.validate(ResourceType.POD, pod).warnings());
    }
}
