package dev.shoal.api.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefaulterTest {

    private static ObjectNode parse(String json) throws Exception {
        return (ObjectNode) Json.JSON.readTree(json);
    }

    @Test
    void deploymentGetsKubernetesDefaults() throws Exception {
        ObjectNode d = parse("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"selector":{"matchLabels":{"app":"web"}},
                         "template":{"metadata":{"labels":{"app":"web"}},
                                     "spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}""");
        Defaulter.apply(ResourceType.DEPLOYMENT, d);
        assertEquals(1, d.at("/spec/replicas").asInt());
        assertEquals("RollingUpdate", d.at("/spec/strategy/type").asText());
        assertEquals("25%", d.at("/spec/strategy/rollingUpdate/maxSurge").asText());
        assertEquals("25%", d.at("/spec/strategy/rollingUpdate/maxUnavailable").asText());
        assertEquals(10, d.at("/spec/revisionHistoryLimit").asInt());
        assertEquals(600, d.at("/spec/progressDeadlineSeconds").asInt());
        assertEquals("Always", d.at("/spec/template/spec/restartPolicy").asText());
        assertEquals(30, d.at("/spec/template/spec/terminationGracePeriodSeconds").asInt());
        assertEquals("IfNotPresent", d.at("/spec/template/spec/containers/0/imagePullPolicy").asText());
        assertEquals("TCP", d.at("/spec/template/spec/containers/0/ports/0/protocol").asText());
    }

    @Test
    void recreateGetsNoRollingParameters() throws Exception {
        ObjectNode d = parse("{\"spec\":{\"strategy\":{\"type\":\"Recreate\"}}}");
        Defaulter.apply(ResourceType.DEPLOYMENT, d);
        assertEquals(false, d.at("/spec/strategy").has("rollingUpdate"));
    }

    @Test
    void defaultingTwiceChangesNothing() throws Exception {
        ObjectNode d = parse("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\","
                + "\"readinessProbe\":{\"httpGet\":{\"port\":80}}}]}}}}");
        Defaulter.apply(ResourceType.DEPLOYMENT, d);
        ObjectNode once = d.deepCopy();
        Defaulter.apply(ResourceType.DEPLOYMENT, d);
        assertEquals(once, d);
        assertEquals("/", d.at("/spec/template/spec/containers/0/readinessProbe/httpGet/path").asText());
        assertEquals(3, d.at("/spec/template/spec/containers/0/readinessProbe/failureThreshold").asInt());
    }

    @Test
    void serviceTargetPortDefaultsToPort() throws Exception {
        ObjectNode s = parse("{\"spec\":{\"ports\":[{\"port\":80}]}}");
        Defaulter.apply(ResourceType.SERVICE, s);
        assertEquals("ClusterIP", s.at("/spec/type").asText());
        assertEquals("None", s.at("/spec/sessionAffinity").asText());
        assertEquals(80, s.at("/spec/ports/0/targetPort").asInt());
        assertEquals("TCP", s.at("/spec/ports/0/protocol").asText());
    }

    @ParameterizedTest
    @CsvSource({
            "nginx, Always",
            "nginx:latest, Always",
            "nginx:1.27, IfNotPresent",
            "registry:5000/team/app, Always",
            "registry:5000/team/app:v2, IfNotPresent",
            "app@sha256:abc, IfNotPresent",
    })
    void pullPolicyFollowsTheTag(String image, String expected) {
        assertEquals(expected, Defaulter.pullPolicyFor(image));
    }
}
