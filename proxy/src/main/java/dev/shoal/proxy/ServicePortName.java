package dev.shoal.proxy;

/**
 * Which Service port a listener serves; the tags of its metrics.
 *
 * @param port the Service port's name, or its number as text when the port is unnamed
 */
public record ServicePortName(String namespace, String name, String port) {
    public ServicePortName {
        if (namespace == null || namespace.isEmpty()) throw new IllegalArgumentException("service.namespace: must not be empty");
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("service.name: must not be empty");
        if (port == null || port.isEmpty()) throw new IllegalArgumentException("service.port: must not be empty");
    }

    @Override
    public String toString() {
        return namespace + "/" + name + ":" + port;
    }
}
