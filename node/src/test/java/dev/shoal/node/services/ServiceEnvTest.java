package dev.shoal.node.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceEnvTest {
    private static ObjectNode svc(String name, String spec) throws Exception {
        return (ObjectNode) Json.JSON.readTree("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},\"spec\":" + spec + "}");
    }

    @Test
    void kubernetesNamesForEachServiceWithAClusterIp() throws Exception {
        Map<String, String> env = ServiceEnv.of(List.of(
                svc("my-web", "{\"clusterIP\":\"127.10.0.5\",\"ports\":[{\"name\":\"http\",\"port\":80},{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"}]}"),
                svc("headless", "{\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]}")));
        assertEquals(Map.ofEntries(
                Map.entry("MY_WEB_SERVICE_HOST", "127.10.0.5"),
                Map.entry("MY_WEB_SERVICE_PORT", "80"),
                Map.entry("MY_WEB_SERVICE_PORT_HTTP", "80"),
                Map.entry("MY_WEB_SERVICE_PORT_DNS", "53"),
                Map.entry("MY_WEB_PORT", "tcp://127.10.0.5:80"),
                Map.entry("MY_WEB_PORT_80_TCP", "tcp://127.10.0.5:80"),
                Map.entry("MY_WEB_PORT_80_TCP_PROTO", "tcp"),
                Map.entry("MY_WEB_PORT_80_TCP_PORT", "80"),
                Map.entry("MY_WEB_PORT_80_TCP_ADDR", "127.10.0.5"),
                Map.entry("MY_WEB_PORT_53_UDP", "udp://127.10.0.5:53"),
                Map.entry("MY_WEB_PORT_53_UDP_PROTO", "udp"),
                Map.entry("MY_WEB_PORT_53_UDP_PORT", "53"),
                Map.entry("MY_WEB_PORT_53_UDP_ADDR", "127.10.0.5")), env);
    }
}
