package dev.shoal.node.services.dns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real responder on a loopback UDP port, asked with a client written from the RFC. */
class ClusterDnsTest {
    private final List<ClusterDns> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(ClusterDns::close);
    }

    private ClusterDns start(String address, String domain, Optional<InetSocketAddress> upstream) throws Exception {
        ClusterDns dns = ClusterDns.start(new InetSocketAddress(address, 0), domain, upstream, new SimpleMeterRegistry());
        started.add(dns);
        return dns;
    }

    private static ObjectNode service(String ns, String name, String spec) {
        return json("{\"metadata\":{\"namespace\":\"" + ns + "\",\"name\":\"" + name + "\"},\"spec\":" + spec + "}");
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void answersServiceNamesWithTheirClusterIpAndNxdomainForTheRest() throws Exception {
        ClusterDns dns = start("127.0.0.1", "cluster.local", Optional.empty());
        dns.update(DnsRecords.build("cluster.local", List.of(
                service("default", "web", "{\"clusterIP\":\"127.10.0.7\"}"),
                service("shop", "Cart", "{\"clusterIP\":\"127.10.0.8\"}"),
                service("default", "docs", "{\"type\":\"ExternalName\",\"externalName\":\"docs.example.org\"}")), List.of()));

        DnsQuery.Reply web = DnsQuery.ask(dns.address(), "web.default.svc.cluster.local", DnsQuery.A);
        assertEquals(0, web.rcode());
        assertTrue(web.authoritative());
        assertEquals(List.of("127.10.0.7"), web.addresses());
        assertEquals(ClusterDns.TTL_SECONDS, web.answers().get(0).ttl());
        assertEquals(List.of("127.10.0.8"), DnsQuery.ask(dns.address(), "CART.Shop.svc.cluster.local.", DnsQuery.A).addresses(),
                "names are case-insensitive");

        DnsQuery.Reply v6 = DnsQuery.ask(dns.address(), "web.default.svc.cluster.local", DnsQuery.AAAA);
        assertEquals(0, v6.rcode(), "an IPv4-only name has no AAAA data, but it exists");
        assertEquals(List.of(), v6.answers());

        DnsQuery.Reply alias = DnsQuery.ask(dns.address(), "docs.default.svc.cluster.local", DnsQuery.A);
        assertEquals(DnsQuery.CNAME, alias.answers().get(0).type());
        assertEquals("docs.example.org", alias.answers().get(0).data());

        assertEquals(3, DnsQuery.ask(dns.address(), "web.shop.svc.cluster.local", DnsQuery.A).rcode(), "NXDOMAIN");
        assertEquals(0, DnsQuery.ask(dns.address(), "shop.svc.cluster.local", DnsQuery.A).rcode(),
                "a namespace's name exists (no data), so resolvers walking the search list go on");
        assertEquals(5, DnsQuery.ask(dns.address(), "example.org", DnsQuery.A).rcode(),
                "REFUSED outside the cluster domain when there is no upstream");
    }

    @Test
    void aDeletedServiceStopsResolvingWithTheNextTable() throws Exception {
        ClusterDns dns = start("127.0.0.1", "cluster.local", Optional.empty());
        dns.update(DnsRecords.build("cluster.local", List.of(service("default", "web", "{\"clusterIP\":\"127.10.0.7\"}")), List.of()));
        assertEquals(0, DnsQuery.ask(dns.address(), "web.default.svc.cluster.local", DnsQuery.A).rcode());
        dns.update(DnsRecords.build("cluster.local", List.of(), List.of()));
        assertEquals(3, DnsQuery.ask(dns.address(), "web.default.svc.cluster.local", DnsQuery.A).rcode());
    }

    @Test
    void headlessServicesAnswerWithTheirReadyPodsAddresses() throws Exception {
        ClusterDns dns = start("127.0.0.1", "cluster.local", Optional.empty());
        ObjectNode svc = service("default", "db", "{\"clusterIP\":\"None\",\"selector\":{\"app\":\"db\"},\"ports\":[{\"port\":5432}]}");
        List<ObjectNode> pods = List.of(pod("db-1", "127.0.0.2", true), pod("db-2", "127.0.0.3", true), pod("db-3", "127.0.0.4", false));
        dns.update(DnsRecords.build("cluster.local", List.of(svc), pods));
        assertEquals(List.of("127.0.0.2", "127.0.0.3"), DnsQuery.ask(dns.address(), "db.default.svc.cluster.local", DnsQuery.A).addresses());
    }

    @Test
    void namesOutsideTheClusterDomainAreForwardedToTheUpstreamAndAnsweredUnderTheClientsId() throws Exception {
        ClusterDns upstream = start("127.0.0.1", "example.test", Optional.empty());
        upstream.update(DnsRecords.build("example.test", List.of(service("x", "www", "{\"clusterIP\":\"127.20.0.5\"}")), List.of()));
        ClusterDns dns = start("127.0.0.1", "cluster.local", Optional.of(upstream.address()));

        DnsQuery.Reply reply = DnsQuery.ask(dns.address(), "www.x.svc.example.test", DnsQuery.A);
        assertEquals(0, reply.rcode());
        assertEquals(List.of("127.20.0.5"), reply.addresses());
        assertEquals(3, DnsQuery.ask(dns.address(), "nope.x.svc.example.test", DnsQuery.A).rcode(), "the upstream's NXDOMAIN comes back");
    }

    @Test
    void readsTheHostsNameserversAndSkipsItself() {
        assertEquals(List.of("127.0.0.53", "127.10.0.10"),
                DnsSettings.nameservers(List.of("# comment", "nameserver 127.0.0.53", "search lan", "nameserver   127.10.0.10",
                        "nameserver ::1")));
    }

    private static ObjectNode pod(String name, String hostIP, boolean ready) {
        return json("{\"metadata\":{\"namespace\":\"default\",\"name\":\"" + name + "\",\"labels\":{\"app\":\"db\"}},"
                + "\"spec\":{\"nodeName\":\"n\",\"containers\":[{\"name\":\"c\",\"ports\":[{\"containerPort\":5432}]}]},"
                + "\"status\":{\"phase\":\"Running\",\"hostIP\":\"" + hostIP + "\",\"hostPorts\":[{\"containerPort\":5432,\"hostPort\":40001}],"
                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + (ready ? "True" : "False") + "\"}]}}");
    }
}
