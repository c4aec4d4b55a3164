package dev.shoal.node.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Meta;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment Kubernetes gives a container for each Service of its namespace that exists when
 * it starts ({@code enableServiceLinks}): {@code WEB_SERVICE_HOST} and {@code WEB_SERVICE_PORT}
 * (plus {@code WEB_SERVICE_PORT_<NAME>} per named port), and the Docker-links style
 * {@code WEB_PORT=tcp://ip:port} and {@code WEB_PORT_80_TCP[_PROTO|_PORT|_ADDR]}. Services without
 * a cluster IP (headless, ExternalName) give none. Pure.
 */
public final class ServiceEnv {
    private ServiceEnv() {}

    public static Map<String, String> of(List<ObjectNode> services) {
        Map<String, String> env = new LinkedHashMap<>();
        services.stream().sorted(Comparator.comparing(Meta::name)).forEach(svc -> {
            JsonNode spec = svc.path("spec");
            String ip = spec.path("clusterIP").asText("");
            JsonNode ports = spec.path("ports");
            if (ip.isEmpty() || ip.equals("None") || ports.isEmpty()) return;
            String prefix = name(Meta.name(svc));
            env.put(prefix + "_SERVICE_HOST", ip);
            env.put(prefix + "_SERVICE_PORT", ports.get(0).path("port").asText());
            for (JsonNode p : ports) {
                if (!p.path("name").asText("").isEmpty()) {
                    env.put(prefix + "_SERVICE_PORT_" + name(p.path("name").asText()), p.path("port").asText());
                }
            }
            JsonNode first = ports.get(0);
            env.put(prefix + "_PORT", url(first, ip));
            for (JsonNode p : ports) {
                String protocol = p.path("protocol").asText("TCP");
                String base = prefix + "_PORT_" + p.path("port").asText() + "_" + protocol.toUpperCase(Locale.ROOT);
                env.put(base, url(p, ip));
                env.put(base + "_PROTO", protocol.toLowerCase(Locale.ROOT));
                env.put(base + "_PORT", p.path("port").asText());
                env.put(base + "_ADDR", ip);
            }
        });
        return env;
    }

    private static String url(JsonNode port, String ip) {
        return port.path("protocol").asText("TCP").toLowerCase(Locale.ROOT) + "://" + ip + ":" + port.path("port").asText();
    }

    /** "my-web" -> "MY_WEB", as Kubernetes names them. */
    static String name(String s) {
        return s.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
