/**
 * Shoal's Service proxy (its kube-proxy): a library that one node uses to relay TCP connections
 * from Services' virtual IPs to their pods.
 *
 * <p>Callers see {@link dev.shoal.proxy.ServiceProxy} (start, {@code apply}, close) and the
 * immutable records it takes: a {@link dev.shoal.proxy.ProxyTable} of
 * {@link dev.shoal.proxy.ProxyRule}s, each a {@link dev.shoal.proxy.ListenAddress}, a
 * {@link dev.shoal.proxy.ServicePortName}, a {@link dev.shoal.proxy.SessionAffinity} and its
 * {@link dev.shoal.proxy.Backend}s. The module knows endpoints, not Services or Hazelcast: the
 * node module turns Service and pod objects into tables.
 *
 * <p>Everything under {@code internal} is implementation (Netty handlers, the balancer, the
 * metrics); other modules must not depend on it. The design is in {@code proxy/README.md}.
 */
package dev.shoal.proxy;
