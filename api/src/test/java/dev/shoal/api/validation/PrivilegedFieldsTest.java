package dev.shoal.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which settings hand a workload the machine, named by field, in pods and in templates. */
class PrivilegedFieldsTest {
    private static JsonNode yaml(String text) throws Exception {
        return Json.YAML.readTree(text);
    }

    @Test
    void anOrdinaryPodHasNone() throws Exception {
        assertEquals(List.of(), PrivilegedFields.find(ResourceType.POD, yaml("""
                spec:
                  containers:
                  - name: app
                    image: x
                    securityContext: {privileged: false, runAsNonRoot: true, capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}}
                """)));
    }

    @Test
    void namesEveryPrivilegedSettingOfAPod() throws Exception {
        assertEquals(List.of("spec.hostNetwork=true", "spec.hostPID=true", "spec.volumes[1].hostPath=/etc",
                        "spec.initContainers[0].securityContext.privileged=true",
                        "spec.containers[1].securityContext.privileged=true",
                        "spec.containers[1].securityContext.capabilities.add[1]=SYS_ADMIN"),
                PrivilegedFields.find(ResourceType.POD, yaml("""
                        spec:
                          hostNetwork: true
                          hostPID: true
                          hostIPC: false
                          volumes:
                          - name: a
                            emptyDir: {}
                          - name: b
                            hostPath: {path: /etc}
                          initContainers:
                          - name: init
                            securityContext: {privileged: true}
                          containers:
                          - name: ok
                          - name: bad
                            securityContext:
                              privileged: true
                              capabilities: {add: [CHOWN, SYS_ADMIN]}
                        """)));
    }

    @Test
    void looksIntoTheTemplatesOfWorkloads() throws Exception {
        String deployment = """
                spec:
                  template:
                    spec:
                      hostNetwork: true
                      containers: [{name: a}]
                """;
        assertEquals(List.of("spec.template.spec.hostNetwork=true"), PrivilegedFields.find(ResourceType.DEPLOYMENT, yaml(deployment)));
        assertEquals(List.of("spec.template.spec.hostNetwork=true"), PrivilegedFields.find(ResourceType.REPLICASET, yaml(deployment)));
        assertEquals(List.of(), PrivilegedFields.find(ResourceType.SERVICE, yaml(deployment)));
    }
}
