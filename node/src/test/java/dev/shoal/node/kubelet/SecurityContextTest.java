package dev.shoal.node.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The container's securityContext over the pod's, and the Docker user it comes to. */
class SecurityContextTest {
    private static JsonNode json(String s) throws IOException {
        return Json.JSON.readTree(s);
    }

    @Test
    void theContainerOverridesThePod() throws Exception {
        SecurityContext sc = SecurityContext.of(json("{\"runAsUser\":1000,\"runAsGroup\":2000,\"runAsNonRoot\":true}"),
                json("{\"runAsUser\":1001,\"runAsNonRoot\":false,\"readOnlyRootFilesystem\":true,"
                        + "\"capabilities\":{\"add\":[\"net_bind_service\"],\"drop\":[\"CAP_ALL\"]}}"));
        assertEquals(Optional.of(1001L), sc.runAsUser());
        assertEquals(Optional.of(2000L), sc.runAsGroup());
        assertFalse(sc.runAsNonRoot());
        assertTrue(sc.readOnlyRootFilesystem());
        assertEquals(List.of("NET_BIND_SERVICE"), sc.capabilitiesAdd());
        assertEquals(List.of("ALL"), sc.capabilitiesDrop());
        assertEquals(SecurityContext.NONE, SecurityContext.of(json("{}"), json("{}")));
    }

    @ParameterizedTest(name = "user={0} group={1} nonRoot={2} image user \"{3}\" -> \"{4}\"")
    @CsvSource(delimiter = '|', value = {
            "     |      | false |             | ''",
            "1000 |      | false |             | 1000",
            "1000 | 2000 | false | nobody      | 1000:2000",
            "     | 2000 | false | nobody:x    | nobody:2000",
            "     | 2000 | false |             | 0:2000",
            "1000 |      | true  |             | 1000",
            "     |      | true  | 65534       | ''",
            "     |      | true  | 65534:65534 | ''",
    })
    void dockerUser(Long user, Long group, boolean nonRoot, String imageUser, String expected) throws IOException {
        SecurityContext sc = new SecurityContext(Optional.ofNullable(user), Optional.ofNullable(group), nonRoot, false, false,
                List.of(), List.of());
        assertEquals(expected, sc.dockerUser(imageUser == null ? "" : imageUser));
    }

    @ParameterizedTest(name = "runAsUser={0}, image user \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "     |        | container has runAsNonRoot and image will run as root",
            "     | root   | container has runAsNonRoot and image will run as root",
            "0    | nobody | container has runAsNonRoot and image will run as root",
            "     | nobody | container has runAsNonRoot and image has non-numeric user (nobody), cannot verify user is non-root",
    })
    void runAsNonRootRefusesRootAndUsersItCannotVerify(Long user, String imageUser, String message) {
        SecurityContext sc = new SecurityContext(Optional.ofNullable(user), Optional.empty(), true, false, false, List.of(), List.of());
        assertEquals(message, assertThrows(IOException.class, () -> sc.dockerUser(imageUser == null ? "" : imageUser)).getMessage());
    }
}
